package org.tokenheatmap.formats.npz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds hand-made .npy bytes and ZIP archives with java.util.zip, independently of the code under test. */
final class CorruptFiles {

    private CorruptFiles() {}

    /** A version-1.0 .npy: magic, the given header dict (padded to 64 bytes) and raw data bytes. */
    static byte[] npy(String dict, byte[] data) {
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) (total - 10));
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < total - 1) b.put((byte) ' ');
        b.put((byte) '\n').put(data);
        return b.array();
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return b.array();
    }

    /** A ZIP with one entry per (name, bytes) pair, stored or deflated, written by java.util.zip. */
    static byte[] zip(boolean deflate, Object... nameAndBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < nameAndBytes.length; i += 2) {
                byte[] data = (byte[]) nameAndBytes[i + 1];
                ZipEntry e = new ZipEntry((String) nameAndBytes[i]);
                if (!deflate) {
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(data.length);
                    e.setCompressedSize(data.length);
                    e.setCrc(crc.getValue());
                }
                z.putNextEntry(e);
                z.write(data);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Offset of the last occurrence of a 4-byte little-endian signature. */
    static int lastSignature(byte[] bytes, int signature) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = bytes.length - 4; i >= 0; i--) if (b.getInt(i) == signature) return i;
        throw new IllegalArgumentException("signature not found");
    }

    static byte[] patchInt(byte[] bytes, int offset, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return copy;
    }
}
