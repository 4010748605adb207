package dev.lakehouse.trino.write;

import io.airlift.units.DataSize;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Decides when a data file has reached the target size, and how large its row groups are. The Parquet writer knows the
 * bytes of the row groups it has written out exactly, but only estimates the row group it is filling: values before
 * encoding and compression, without dictionaries. That estimate can be off many times over either way (a dictionary
 * of unique values is most of a row group; long runs compress to almost nothing), so this counts rows instead: the
 * rows of the row group being filled, at the bytes per row that this writer's row groups actually took. Before any
 * row group has gone out, a probe (the first rows encoded once into nothing, see {@link FileSizeProbe}) gives both
 * the bytes per row and how the estimate relates to real bytes.
 */
final class FileSizeCalibration
{
    /**
     * Row groups of half the target file size, at most the default split size: a large file is read by two splits in
     * parallel, and row-group statistics skip parts of a file that the file's statistics cannot. Fewer row groups cost
     * less: the writer builds each column's dictionary anew in each row group.
     */
    static final int ROW_GROUPS_PER_FILE = 2;
    /**
     * Files sorted along a clustering curve: each row group covers a small box of the clustering columns, as a file
     * does, so row-group statistics let a query over a box skip most of a file; the more row groups, the finer it
     * skips, for a dictionary and a footer entry each (a 128MB file: row groups of 8MB). This is what keeps a
     * clustering run that spans the key space in few files cheap to query: a box reads about one row group of it.
     */
    static final int SORTED_ROW_GROUPS_PER_FILE = 16;

    private static final long MAX_ROW_GROUP_SIZE = DataSize.of(64, DataSize.Unit.MEGABYTE).toBytes();
    private static final long MIN_ROW_GROUP_SIZE = DataSize.of(16, DataSize.Unit.KILOBYTE).toBytes();
    // the writer holds a row group in memory before encoding it: at most this much, by its estimate
    private static final long MAX_ROW_GROUP_ESTIMATE = DataSize.of(128, DataSize.Unit.MEGABYTE).toBytes();

    private final long targetFileSize;
    private final int rowGroupsPerFile;
    private FileSizeProbe.Result probe;
    private long bytesWrittenOut;
    private long rowsWrittenOut;

    /**
     * @param rowGroupsPerFile how many row groups a file of the target size has ({@link #ROW_GROUPS_PER_FILE}, or
     *         {@link #SORTED_ROW_GROUPS_PER_FILE} for files sorted along a clustering curve)
     */
    FileSizeCalibration(long targetFileSize, int rowGroupsPerFile)
    {
        checkArgument(rowGroupsPerFile > 0, "rowGroupsPerFile must be positive, got %s", rowGroupsPerFile);
        this.targetFileSize = targetFileSize;
        this.rowGroupsPerFile = rowGroupsPerFile;
    }

    boolean isCalibrated()
    {
        return probe != null;
    }

    void calibrate(FileSizeProbe.Result probe)
    {
        this.probe = probe;
    }

    /**
     * The row-group size for the next file, in the writer's estimate: what makes the target's share of one row group
     * in real bytes.
     */
    long rowGroupSize()
    {
        long rowGroupBytes = Math.clamp(targetFileSize / rowGroupsPerFile, MIN_ROW_GROUP_SIZE, MAX_ROW_GROUP_SIZE);
        double bytesPerEstimatedByte = probe.bytes() / (double) Math.max(1, probe.estimatedBytes());
        return Math.clamp((long) (rowGroupBytes / bytesPerEstimatedByte), MIN_ROW_GROUP_SIZE, MAX_ROW_GROUP_ESTIMATE);
    }

    /**
     * Row groups (or a file's last row group with the footer) went out: {@code bytes} for {@code rows} rows.
     */
    void writtenOut(long bytes, long rows)
    {
        if (rows > 0) {
            bytesWrittenOut += bytes;
            rowsWrittenOut += rows;
        }
    }

    boolean reachedTarget(long writtenBytes, long bufferedRows)
    {
        return writtenBytes + bufferedRows * bytesPerRow() >= targetFileSize;
    }

    /**
     * How many more rows fit in a file before it reaches the target; at least one.
     */
    long rowsUntilTarget(long writtenBytes, long bufferedRows)
    {
        double remaining = targetFileSize - writtenBytes - bufferedRows * bytesPerRow();
        return Math.max(1, (long) Math.ceil(remaining / bytesPerRow()));
    }

    private double bytesPerRow()
    {
        // real row groups, once there are any: the probe's few rows carry a whole footer
        if (rowsWrittenOut > 0) {
            return Math.max(Double.MIN_NORMAL, bytesWrittenOut / (double) rowsWrittenOut);
        }
        return Math.max(Double.MIN_NORMAL, probe.bytes() / (double) Math.max(1, probe.rows()));
    }
}
