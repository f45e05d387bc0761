package org.tokenheatmap.engine.tokenizer;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over the canonical content of a vocabulary: exactly what changes how text is encoded or decoded,
 * so the same tokenizer gives the same fingerprint whichever file it came from.
 *
 * <p>Included: a format tag, the algorithm, per token its text, type and (SentencePiece only) score, BPE
 * merges, the canonical pre-tokenizer name and ignore_merges (BPE only), the dummy-prefix flag (SentencePiece
 * only; for tokenizer.json SentencePiece-style BPE also whether the prefix is only at the input's start, and
 * ignore_merges), add_bos/add_eos and the BOS/EOS/UNK ids. Not included: the end-of-generation ids (they change
 * when generation stops, not how text is tokenized). Excluded: the padding id (it never reaches encode or
 * decode), file-format details, and scores of BPE vocabularies (unused). Scores are hashed as float32 bits
 * with -0.0 folded into 0.0 (llama2.c files store -0.0 where GGUF stores 0.0).
 */
public final class TokenizerFingerprint {
    private static final String FORMAT = "tokenheatmap-tokenizer/1";

    private TokenizerFingerprint() {}

    public static String of(Vocabulary v) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            writeString(out, FORMAT);
            boolean spm = v.kind() == TokenizerKind.SPM;
            switch (v.kind()) {
                case SPM -> {
                    writeString(out, v.kind().ggufName());
                    out.writeBoolean(v.addSpacePrefix());
                }
                case SPM_BPE -> {
                    writeString(out, "sentencepiece-bpe-ranked");
                    out.writeBoolean(v.addSpacePrefix());
                    out.writeBoolean(v.prefixAtStartOnly());
                    out.writeBoolean(v.ignoreMerges());
                }
                case BPE -> {
                    writeString(out, v.kind().ggufName());
                    writeString(out, PreTokenizer.forGgufName(v.preTokenizer()).ggufName());
                    out.writeBoolean(v.ignoreMerges());
                }
            }
            out.writeBoolean(v.addBos());
            out.writeBoolean(v.addEos());
            out.writeInt(v.special().bos());
            out.writeInt(v.special().eos());
            out.writeInt(v.special().unk());
            out.writeInt(v.size());
            for (int id = 0; id < v.size(); id++) {
                writeString(out, v.token(id));
                out.writeByte(v.type(id).code());
                if (spm) out.writeInt(Float.floatToIntBits(v.score(id) + 0.0f));
            }
            out.writeInt(v.merges().size());
            for (String merge : v.merges()) writeString(out, merge);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sha256(buffer.toByteArray());
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
