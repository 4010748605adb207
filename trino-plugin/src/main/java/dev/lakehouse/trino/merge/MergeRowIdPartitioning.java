package dev.lakehouse.trino.merge;

import io.trino.spi.connector.ConnectorPartitioningHandle;

/**
 * How the rows a DELETE, UPDATE or MERGE changes reach its writers: by the data file they come from, so that all
 * changes to one file meet in one writer, which rewrites that file once.
 */
public enum MergeRowIdPartitioning
        implements ConnectorPartitioningHandle
{
    INSTANCE
}
