package dev.lakehouse.trino.changefeed;

import dev.lakehouse.transactionlog.changefeed.ChangeFile;
import dev.lakehouse.trino.LakehouseSplit;
import io.trino.spi.connector.ConnectorSplit;

import static io.airlift.slice.SizeOf.instanceSize;
import static java.util.Objects.requireNonNull;

/**
 * One file of a {@code table_changes} call: its rows are changes of one commit.
 */
public record TableChangesSplit(LakehouseSplit file, ChangeFile.Kind kind, long commitVersion, long commitTimestamp)
        implements ConnectorSplit
{
    private static final int INSTANCE_SIZE = instanceSize(TableChangesSplit.class);

    public TableChangesSplit
    {
        requireNonNull(file, "file is null");
        requireNonNull(kind, "kind is null");
    }

    @Override
    public long getRetainedSizeInBytes()
    {
        return INSTANCE_SIZE + file.getRetainedSizeInBytes();
    }
}
