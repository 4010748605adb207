package dev.lakehouse.trino.merge;

import io.trino.spi.connector.BucketFunction;
import io.trino.spi.connector.ConnectorNodePartitioningProvider;
import io.trino.spi.connector.ConnectorPartitioningHandle;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.type.Type;

import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Buckets the changed rows of a merge by the path of their data file (see {@link MergeRowIdPartitioning}).
 */
public final class LakehouseNodePartitioningProvider
        implements ConnectorNodePartitioningProvider
{
    @Override
    public BucketFunction getBucketFunction(ConnectorTransactionHandle transactionHandle, ConnectorSession session, ConnectorPartitioningHandle partitioningHandle, List<Type> partitionChannelTypes, int bucketCount)
    {
        checkArgument(partitioningHandle == MergeRowIdPartitioning.INSTANCE, "unexpected partitioning: %s", partitioningHandle);
        return (page, position) -> {
            // inserted rows carry no row id: they may go to any writer
            if (page.getBlock(0).isNull(position)) {
                return Math.floorMod(position, bucketCount);
            }
            return (int) Math.floorMod(MergeRowId.fields(page.getBlock(0)).filePathHash(position), (long) bucketCount);
        };
    }
}
