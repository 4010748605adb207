package dev.lakehouse.trino.execute;

import com.google.common.collect.ImmutableList;
import io.trino.spi.connector.TableProcedureExecutionMode;
import io.trino.spi.connector.TableProcedureMetadata;

/**
 * {@code ALTER TABLE t EXECUTE rebuild_stats}: recomputes the log statistics of the files whose {@code add} lacks
 * them, so pruning works on every column of tables written by other engines. Runs on the coordinator; the commit
 * re-adds the same files with {@code dataChange=false}.
 */
public final class RebuildStatisticsProcedure
{
    public static final String NAME = "REBUILD_STATS";

    private RebuildStatisticsProcedure() {}

    public static TableProcedureMetadata metadata()
    {
        return new TableProcedureMetadata(NAME, TableProcedureExecutionMode.coordinatorOnly(), ImmutableList.of());
    }
}
