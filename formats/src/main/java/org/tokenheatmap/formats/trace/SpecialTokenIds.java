package org.tokenheatmap.formats.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/** Special token ids of a tokenizer; null when the tokenizer has no such token. */
public record SpecialTokenIds(@JsonInclude(Include.ALWAYS) Integer bos, @JsonInclude(Include.ALWAYS) Integer eos,
                              @JsonInclude(Include.ALWAYS) Integer pad, @JsonInclude(Include.ALWAYS) Integer unk) {}
