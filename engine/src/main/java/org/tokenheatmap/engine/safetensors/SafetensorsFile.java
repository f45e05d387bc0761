package org.tokenheatmap.engine.safetensors;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tokenheatmap.engine.gguf.MappedFiles;
import org.tokenheatmap.formats.BadInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * One memory-mapped {@code .safetensors} file: an 8-byte little-endian header length, a JSON header mapping tensor
 * names to {@code {dtype, shape, data_offsets: [begin, end]}} (offsets relative to the data section that follows the
 * header; an optional {@code __metadata__} object of strings), then the raw little-endian tensor bytes. Every offset,
 * length and shape is checked against the file and against each other before any tensor is handed out.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** Real headers are a few hundred KiB; refuse anything that would make us read an absurd amount of JSON. */
    static final long MAX_HEADER_BYTES = 100L << 20;
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** A repeated tensor name would hide a tensor from the overlap check; reject it. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Path path;
    private final Arena arena;
    private final Map<String, SafetensorsTensor> tensors;

    private SafetensorsFile(Path path, Arena arena, Map<String, SafetensorsTensor> tensors) {
        this.path = path;
        this.arena = arena;
        this.tensors = tensors;
    }

    public static SafetensorsFile open(Path path) {
        return MappedFiles.map(path, SafetensorsFile::parse);
    }

    private static SafetensorsFile parse(Path path, Arena arena, MemorySegment file) {
        if (file.byteSize() < Long.BYTES) throw new BadInputException(path, "byte 0", "too short for a safetensors header length");
        long headerBytes = file.get(LE_LONG, 0);
        if (headerBytes < 2 || headerBytes > MAX_HEADER_BYTES) {
            throw new BadInputException(path, "byte 0", "header length " + Long.toUnsignedString(headerBytes)
                    + " is outside 2.." + MAX_HEADER_BYTES);
        }
        if (headerBytes > file.byteSize() - Long.BYTES) {
            throw new BadInputException(path, "byte 0", "header length " + headerBytes + " runs past the end of the "
                    + file.byteSize() + "-byte file");
        }
        byte[] header = file.asSlice(Long.BYTES, headerBytes).toArray(ValueLayout.JAVA_BYTE);
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (JacksonException e) {
            throw new BadInputException(path, "header", "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new BadInputException(path, "header", "must be a JSON object");
        MemorySegment data = file.asSlice(Long.BYTES + headerBytes);
        Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals("__metadata__")) {
                if (!e.getValue().isObject()) throw new BadInputException(path, "header /__metadata__", "must be an object");
                continue;
            }
            tensors.put(e.getKey(), describe(path, e.getKey(), e.getValue(), data));
        }
        requireNoOverlap(path, tensors.values());
        return new SafetensorsFile(path, arena, Map.copyOf(tensors));
    }

    private static SafetensorsTensor describe(Path path, String name, JsonNode entry, MemorySegment data) {
        String place = "tensor " + name;
        if (!entry.isObject()) throw new BadInputException(path, place, "header entry must be an object");
        JsonNode dtypeNode = entry.get("dtype");
        if (dtypeNode == null || !dtypeNode.isString()) throw new BadInputException(path, place, "dtype missing");
        SafetensorsDtype dtype = SafetensorsDtype.parse(dtypeNode.stringValue())
                .orElseThrow(() -> new BadInputException(path, place, "dtype " + dtypeNode.stringValue()
                        + " is not supported (F32, F16, BF16)"));
        long[] shape = longs(path, place + " shape", entry.get("shape"), -1);
        long[] offsets = longs(path, place + " data_offsets", entry.get("data_offsets"), 2);
        long elements = 1;
        for (long d : shape) {
            try {
                elements = Math.multiplyExact(elements, d);
            } catch (ArithmeticException e) {
                throw new BadInputException(path, place, "shape " + java.util.Arrays.toString(shape) + " overflows");
            }
        }
        long begin = offsets[0], end = offsets[1];
        if (begin > end || end > data.byteSize()) {
            throw new BadInputException(path, place, "data_offsets [" + begin + ", " + end
                    + "] are not inside the " + data.byteSize() + "-byte data section");
        }
        if (elements > Long.MAX_VALUE / dtype.bytes() || elements * dtype.bytes() != end - begin) {
            throw new BadInputException(path, place, "shape " + java.util.Arrays.toString(shape) + " of " + dtype
                    + " needs " + elements + " x " + dtype.bytes() + " bytes but data_offsets span " + (end - begin));
        }
        return new SafetensorsTensor(name, dtype, shape, begin, data.asSlice(begin, end - begin));
    }

    private static long[] longs(Path path, String place, JsonNode node, int requiredLength) {
        if (node == null || !node.isArray() || (requiredLength >= 0 && node.size() != requiredLength)) {
            throw new BadInputException(path, place, requiredLength >= 0
                    ? "must be an array of " + requiredLength + " integers" : "must be an array of integers");
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.canConvertToLong() || !v.isIntegralNumber() || v.longValue() < 0) {
                throw new BadInputException(path, place + "[" + i + "]", "must be a non-negative integer, was " + v);
            }
            out[i] = v.longValue();
        }
        return out;
    }

    private static void requireNoOverlap(Path path, java.util.Collection<SafetensorsTensor> tensors) {
        List<SafetensorsTensor> byOffset = new ArrayList<>(tensors);
        byOffset.sort(Comparator.comparingLong(SafetensorsTensor::offset));
        for (int i = 1; i < byOffset.size(); i++) {
            SafetensorsTensor prev = byOffset.get(i - 1), next = byOffset.get(i);
            if (next.offset() < prev.offset() + prev.data().byteSize()) {
                throw new BadInputException(path, "tensor " + next.name(), "data_offsets overlap tensor " + prev.name());
            }
        }
    }

    public Path path() {
        return path;
    }

    public Map<String, SafetensorsTensor> tensors() {
        return tensors;
    }

    @Override
    public void close() {
        arena.close();
    }
}
