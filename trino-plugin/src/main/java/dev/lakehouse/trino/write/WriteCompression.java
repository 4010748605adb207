package dev.lakehouse.trino.write;

import io.airlift.units.DataSize;

import static java.util.Objects.requireNonNull;

/**
 * Which codec a writer compresses its data files with: {@code codec}, except for a small write (one writer's rows
 * holding at most {@link #SMALL_WRITE_BYTES} in memory), whose files get {@code smallWriteCodec}.
 *
 * <p>Why small writes differ: reading a page costs a fixed setup per codec call besides the bytes. For ZSTD that setup
 * (a native decompression context per page, in Trino's Parquet reader) took about 20 us, which is 20 KB of ZSTD's
 * decompression; Snappy's and LZ4's took under 1 us. A small write's file has one small page per column (and one
 * dictionary page), so a query over a table of such files (a stream of small commits before maintenance rewrites them)
 * spent a third of its scan CPU in that setup: 100 files of 500 rows read in 25 ms of CPU with ZSTD and 16 ms with
 * Snappy, for files 50% larger. Large files keep the denser codec: there a page holds up to 1 MB and the setup vanishes.
 */
public record WriteCompression(DataFileCompression codec, DataFileCompression smallWriteCodec)
{
    public static final long SMALL_WRITE_BYTES = DataSize.of(1, DataSize.Unit.MEGABYTE).toBytes();

    public WriteCompression
    {
        requireNonNull(codec, "codec is null");
        requireNonNull(smallWriteCodec, "smallWriteCodec is null");
    }

    public static WriteCompression uniform(DataFileCompression codec)
    {
        return new WriteCompression(codec, codec);
    }

    /**
     * @param bytes what the whole write holds in memory (Trino's page sizes), known once the writer has all its rows
     */
    public DataFileCompression forWholeWrite(long bytes)
    {
        return bytes <= SMALL_WRITE_BYTES ? smallWriteCodec : codec;
    }
}
