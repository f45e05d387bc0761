package org.tokenheatmap.formats.validate;

import org.tokenheatmap.formats.json.JsonFormat;

/** Validates token diffs ({@code diff.tokens.json}, token-diff.schema.json): schema and semantic rules, streaming. */
public final class TokenDiffValidator extends JsonFileKindValidator {
    public TokenDiffValidator() {
        super(JsonFormat.TOKEN_DIFF, new TokenDiffRules());
    }
}
