package org.tokenheatmap.formats.npz;

/** ZIP constants shared by {@link NpzWriter} and {@link NpzReader} (APPNOTE 6.3.x, the parts numpy's zipfile uses). */
final class Zip {
    static final int LOCAL_HEADER = 0x04034b50;
    static final int CENTRAL_HEADER = 0x02014b50;
    static final int END_OF_CENTRAL_DIR = 0x06054b50;
    static final int ZIP64_END_OF_CENTRAL_DIR = 0x06064b50;
    static final int ZIP64_LOCATOR = 0x07064b50;
    static final int ZIP64_EXTRA_ID = 0x0001;

    static final int LOCAL_HEADER_SIZE = 30;
    static final int CENTRAL_HEADER_SIZE = 46;
    static final int END_SIZE = 22;
    static final int ZIP64_END_SIZE = 56;
    static final int ZIP64_LOCATOR_SIZE = 20;
    static final int MAX_COMMENT = 0xFFFF;

    static final int METHOD_STORED = 0;
    static final int METHOD_DEFLATED = 8;
    static final int FLAG_ENCRYPTED = 1;
    static final int FLAG_UTF8 = 1 << 11;

    static final int VERSION_DEFAULT = 20;
    static final int VERSION_ZIP64 = 45;

    /** A 32-bit size or offset field holding this value means "see the ZIP64 extra field". */
    static final long MAGIC32 = 0xFFFFFFFFL;
    static final int MAGIC16 = 0xFFFF;

    /** Deflate cannot expand data by more than about 1032:1, so larger declared sizes are lies. */
    static final long MAX_DEFLATE_RATIO = 1032;

    /** DOS date 1980-01-01 00:00: entries carry a fixed time so that the same arrays give the same bytes. */
    static final int DOS_TIME = 0;
    static final int DOS_DATE = (1 << 5) | 1;

    private Zip() {}
}
