package org.tokenheatmap.engine.quant;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.tokenheatmap.engine.gguf.GgufFile;
import org.tokenheatmap.engine.gguf.GgufTensorInfo;
import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.gguf.GgufWriter;
import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.engine.tensor.GgmlType;

/** Quantises a float GGUF model to Q8_0 or Q4_0 (tensor choice per {@link QuantizationPlan}); metadata is copied. */
public final class GgufQuantizer {
    private GgufQuantizer() {}

    /**
     * @param onTensor called with each tensor info as written (for progress reporting)
     */
    public static void quantize(Path in, Path out, GgmlType target, Consumer<GgufTensorInfo> onTensor) throws IOException {
        try (GgufFile src = GgufFile.open(in)) {
            GgufWriter writer = new GgufWriter((int) src.alignment());
            writer.putAll(src.metadata());
            writer.put("general.file_type", GgufValue.ofUint32(QuantizationPlan.fileType(target)));
            writer.put("general.quantization_version", GgufValue.ofUint32(2));
            boolean hasOutput = src.hasTensor("output.weight");
            for (GgufTensorInfo t : src.tensors()) {
                GgmlType type = QuantizationPlan.typeFor(t.name(), t.dims(), t.type(), target, hasOutput);
                if (type == t.type()) {
                    writer.addTensor(t.name(), type, t.dims(), reportAfter(GgufWriter.TensorBytes.of(src.tensorData(t.name())), t, onTensor));
                } else {
                    FloatTensor tensor = src.tensor(t.name());
                    int cols = Math.toIntExact(t.cols());
                    var bytes = RowEncoder.bytes(type, t.rows(), cols, (row, dst) -> tensor.copyRow(Math.toIntExact(row), cols, dst));
                    writer.addTensor(t.name(), type, t.dims(), reportAfter(bytes, new GgufTensorInfo(t.name(), type, t.dims(), t.offset()), onTensor));
                }
            }
            writer.write(out);
        }
    }

    private static GgufWriter.TensorBytes reportAfter(GgufWriter.TensorBytes bytes, GgufTensorInfo info, Consumer<GgufTensorInfo> onTensor) {
        return ch -> {
            bytes.writeTo(ch);
            onTensor.accept(info);
        };
    }
}
