package dev.lakehouse.trino;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.trino.spi.connector.ConnectorSplit;

import java.util.List;
import java.util.Map;

import static com.google.common.base.Preconditions.checkArgument;
import static io.airlift.slice.SizeOf.instanceSize;
import static java.util.Objects.requireNonNull;

/**
 * Several small data files, each read whole, one after the other, by one split.
 *
 * <p>Why: the engine pays a fixed cost per split (scheduling it on a worker, starting a driver) that is larger than
 * the cost of reading a file of a few thousand rows, so a table of thousands of small files (a stream of small
 * commits, before maintenance) was read at a few milliseconds per file however few rows it held. Each file keeps its
 * own split inside, so its partition values, deletion vector and file columns are read exactly as alone.
 *
 * @param files whole files ({@code start} 0, {@code length} the file's size), at least two
 */
public record SmallFilesSplit(List<LakehouseSplit> files)
        implements ConnectorSplit
{
    private static final int INSTANCE_SIZE = instanceSize(SmallFilesSplit.class);

    public SmallFilesSplit
    {
        files = ImmutableList.copyOf(requireNonNull(files, "files is null"));
        checkArgument(files.size() >= 2, "a split of small files holds at least two, got %s", files.size());
    }

    @Override
    public Map<String, String> getSplitInfo()
    {
        return ImmutableMap.of("files", String.valueOf(files.size()), "first", files.getFirst().path(), "last", files.getLast().path());
    }

    @Override
    public long getRetainedSizeInBytes()
    {
        return INSTANCE_SIZE + files.stream().mapToLong(LakehouseSplit::getRetainedSizeInBytes).sum();
    }
}
