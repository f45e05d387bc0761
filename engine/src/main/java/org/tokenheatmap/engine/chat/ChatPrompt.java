package org.tokenheatmap.engine.chat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.tokenheatmap.engine.tokenizer.SpecialTokens;
import org.tokenheatmap.engine.tokenizer.Tokenizer;
import org.tokenheatmap.formats.BadInputException;

/**
 * A user's text rendered through the model's chat template and tokenized, with each token marked as coming from
 * the template or from the user's text.
 *
 * @param rendered     the template's output for one user message with {@code add_generation_prompt=True}
 * @param ids          its tokens: special tokens written by the template are parsed as such (transformers'
 *                     {@code apply_chat_template(tokenize=True)}); BOS is put in front when the vocabulary adds one
 *                     and the template did not write it (llama.cpp adds it too)
 * @param fromTemplate per token: true when none of its characters is the user's text (BOS, turn markers, role
 *                     names, the generation prompt), false when it holds any
 */
public record ChatPrompt(ChatTemplate template, String rendered, int[] ids, boolean[] fromTemplate) {
    /** Stands for the user's text in a first rendering that shows what the template writes around it. */
    private static final String SENTINEL = "\uE000heatmap-user-text\uE001";

    public ChatPrompt {
        ids = ids.clone();
        fromTemplate = fromTemplate.clone();
    }

    @Override public int[] ids() { return ids.clone(); }

    @Override public boolean[] fromTemplate() { return fromTemplate.clone(); }

    public static ChatPrompt of(ChatTemplate template, Tokenizer tokenizer, String userText) {
        String around = template.render(List.of(ChatMessage.user(SENTINEL)), true, tokenizer.vocabulary());
        String rendered = template.render(List.of(ChatMessage.user(userText)), true, tokenizer.vocabulary());
        int at = around.indexOf(SENTINEL);
        if (at < 0) throw new BadInputException(template.file(), template.place(), "the chat template does not write the user's message");
        String prefix = around.substring(0, at), suffix = around.substring(at + SENTINEL.length());
        if (!rendered.startsWith(prefix) || !rendered.endsWith(suffix) || rendered.length() < prefix.length() + suffix.length()) {
            throw new BadInputException(template.file(), template.place(),
                    "the chat template writes different text around different messages; cannot tell its tokens from the user's");
        }
        int[] ids = tokenizer.encode(rendered, false, true);
        int bos = tokenizer.vocabulary().special().bos();
        boolean addBos = tokenizer.vocabulary().addBos() && bos != SpecialTokens.NONE && (ids.length == 0 || ids[0] != bos);
        if (addBos) {
            int[] withBos = new int[ids.length + 1];
            withBos[0] = bos;
            System.arraycopy(ids, 0, withBos, 1, ids.length);
            ids = withBos;
        }
        int userStart = utf8Length(prefix), userEnd = utf8Length(rendered) - utf8Length(suffix);
        boolean[] fromTemplate = mark(tokenizer, Arrays.copyOfRange(ids, addBos ? 1 : 0, ids.length),
                rendered.getBytes(StandardCharsets.UTF_8), userStart, userEnd);
        if (addBos) {
            boolean[] withBos = new boolean[ids.length];
            withBos[0] = true;
            System.arraycopy(fromTemplate, 0, withBos, 1, fromTemplate.length);
            fromTemplate = withBos;
        }
        return new ChatPrompt(template, rendered, ids, fromTemplate);
    }

    /**
     * Lays the tokens' bytes (special tokens rendered) over the rendered text's bytes; a token is from the template
     * when its bytes lie outside [userStart, userEnd). A SentencePiece dummy space that the text does not have takes
     * no room; a token that is only such a space is the template's. Should a token not line up (an unknown-token
     * fallback), it and the rest count as the user's, so that user text is never shown as template.
     */
    static boolean[] mark(Tokenizer tokenizer, int[] ids, byte[] text, int userStart, int userEnd) {
        boolean[] fromTemplate = new boolean[ids.length];
        int position = 0;
        for (int i = 0; i < ids.length; i++) {
            byte[] bytes = tokenizer.tokenBytes(ids[i], true);
            int skip = bytes.length > 0 && bytes[0] == ' ' && (position >= text.length || text[position] != ' ') ? 1 : 0;
            int length = bytes.length - skip;
            if (position + length > text.length
                    || !Arrays.equals(bytes, skip, bytes.length, text, position, position + length)) {
                return fromTemplate; // the rest stays false
            }
            fromTemplate[i] = length == 0 || position + length <= userStart || position >= userEnd;
            position += length;
        }
        return fromTemplate;
    }

    private static int utf8Length(String s) { return s.getBytes(StandardCharsets.UTF_8).length; }

    /** Where the template came from, for the trace: e.g. {@code /models/x.gguf (metadata key tokenizer.chat_template)}. */
    public String source() {
        return template.file() + (template.place().isEmpty() ? "" : " (" + template.place() + ")");
    }
}
