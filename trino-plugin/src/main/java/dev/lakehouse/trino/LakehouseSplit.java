package dev.lakehouse.trino;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import io.trino.spi.connector.ConnectorSplit;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static io.airlift.slice.SizeOf.estimatedSizeOf;
import static io.airlift.slice.SizeOf.instanceSize;
import static java.util.Objects.requireNonNull;

/**
 * A byte range of one data file. Parquet row groups whose midpoint falls inside the range belong to it.
 *
 * @param partitionValues serialized partition values; empty for a NULL partition
 * @param fileRowCount the rows of the file a reader sees, from the log, when known (deleted rows left out)
 * @param deletionVector the rows of the file that are deleted, if any
 * @param partitionName the value of the hidden column {@code $partition} ({@code PartitionNames}), when a scan may read it
 */
public record LakehouseSplit(String path, long start, long length, long fileSize, long fileModifiedTime, Map<String, Optional<String>> partitionValues, OptionalLong fileRowCount, Optional<DeletionVectorDescriptor> deletionVector, String partitionName)
        implements ConnectorSplit
{
    private static final int INSTANCE_SIZE = instanceSize(LakehouseSplit.class);

    public LakehouseSplit
    {
        requireNonNull(path, "path is null");
        partitionValues = ImmutableMap.copyOf(partitionValues);
        requireNonNull(fileRowCount, "fileRowCount is null");
        requireNonNull(deletionVector, "deletionVector is null");
        requireNonNull(partitionName, "partitionName is null");
    }

    /**
     * The split reading {@code length} bytes from {@code start} of a file of the log.
     */
    public static LakehouseSplit of(AddFileEntry file, long start, long length)
    {
        return of(file, start, length, "");
    }

    /**
     * The split of a table scan, which may read the file's partition name.
     */
    public static LakehouseSplit of(AddFileEntry file, long start, long length, String partitionName)
    {
        Map<String, Optional<String>> partitionValues = new HashMap<>();
        file.partitionValues().forEach((key, value) -> partitionValues.put(key, Optional.ofNullable(value)));
        Optional<Long> rowCount = FileRows.visible(file);
        return new LakehouseSplit(file.path(), start, length, file.size(), file.modificationTime(), partitionValues, rowCount.map(OptionalLong::of).orElse(OptionalLong.empty()), file.deletionVector(), partitionName);
    }

    @Override
    public Map<String, String> getSplitInfo()
    {
        return ImmutableMap.of("path", path, "start", String.valueOf(start), "length", String.valueOf(length));
    }

    @Override
    public long getRetainedSizeInBytes()
    {
        return INSTANCE_SIZE + estimatedSizeOf(path) + estimatedSizeOf(partitionName) + estimatedSizeOf(partitionValues, key -> estimatedSizeOf(key), value -> value.map(v -> estimatedSizeOf(v)).orElse(0L));
    }
}
