package dev.lakehouse.trino.write;

import dev.lakehouse.trino.LakehouseColumnHandle;
import io.trino.parquet.writer.ParquetWriter;
import io.trino.spi.Page;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Encodes a writer's first rows into a Parquet file that goes nowhere, to learn what a row of this data really takes
 * (dictionaries, encodings and compression included) and what the Parquet writer's estimate of the same rows was.
 */
final class FileSizeProbe
{
    /**
     * @param bytes the probe file's size
     * @param estimatedBytes the writer's estimate of the same rows, taken just before it encoded them for good
     */
    record Result(long bytes, long rows, long estimatedBytes) {}

    private FileSizeProbe() {}

    static Result measure(List<LakehouseColumnHandle> dataColumns, DataFileCompression compression, String trinoVersion, List<Page> pages)
            throws IOException
    {
        // one row group: the writer must not flush while the probe is filled
        ParquetWriter writer = DataFileWriter.newParquetWriter(OutputStream.nullOutputStream(), dataColumns, compression, Integer.MAX_VALUE, trinoVersion);
        long rows = 0;
        for (Page page : pages) {
            writer.write(page);
            rows += page.getPositionCount();
        }
        long estimatedBytes = writer.getBufferedBytes();
        writer.close();
        return new Result(writer.getWrittenBytes(), rows, estimatedBytes);
    }
}
