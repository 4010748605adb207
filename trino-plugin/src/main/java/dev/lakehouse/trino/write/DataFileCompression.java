package dev.lakehouse.trino.write;

import org.apache.parquet.format.CompressionCodec;

import static java.util.Objects.requireNonNull;

/**
 * Compression codecs offered for new data files, with the Parquet codec and the file name suffix
 * (as Spark names its files, e.g. {@code part-0.zstd.parquet}).
 */
public enum DataFileCompression
{
    NONE(CompressionCodec.UNCOMPRESSED, ".parquet"),
    SNAPPY(CompressionCodec.SNAPPY, ".snappy.parquet"),
    ZSTD(CompressionCodec.ZSTD, ".zstd.parquet"),
    GZIP(CompressionCodec.GZIP, ".gz.parquet");

    private final CompressionCodec parquetCodec;
    private final String fileSuffix;

    DataFileCompression(CompressionCodec parquetCodec, String fileSuffix)
    {
        this.parquetCodec = requireNonNull(parquetCodec, "parquetCodec is null");
        this.fileSuffix = requireNonNull(fileSuffix, "fileSuffix is null");
    }

    public CompressionCodec parquetCodec()
    {
        return parquetCodec;
    }

    public String fileSuffix()
    {
        return fileSuffix;
    }
}
