package dev.lakehouse.trino.execute;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.layout.ClusteringOptions;
import dev.lakehouse.layout.CurveKind;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.LakehouseTableProperties;
import dev.lakehouse.trino.TableClustering;
import io.airlift.units.DataSize;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.TableProcedureExecutionMode;
import io.trino.spi.connector.TableProcedureMetadata;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT;
import static io.trino.plugin.base.session.PropertyMetadataUtil.dataSizeProperty;
import static io.trino.spi.session.PropertyMetadata.integerProperty;
import static io.trino.spi.session.PropertyMetadata.stringProperty;

/**
 * {@code ALTER TABLE t EXECUTE cluster[(columns => ARRAY['a', 'b'], curve => 'hilbert')] [WHERE predicate choosing files]}:
 * rewrites the files the clustering planner selects (unclustered ones, and those of the clustering runs it merges when
 * too many runs overlap) with their rows sorted along a space-filling curve over the columns, so each new file covers a small
 * box of them and min/max pruning works on all of them. Without {@code columns}, the table's {@code clustered_by}
 * columns are used. With {@code stable_run_size}, runs that large are left as they are (see {@link ClusteringOptions}).
 * Rows do not change: the commit is {@code dataChange=false}.
 */
public final class ClusterTableProcedure
{
    public static final String NAME = "CLUSTER";
    public static final String COLUMNS = "columns";
    public static final String CURVE = "curve";
    public static final String MAX_OVERLAP_DEPTH = "max_overlap_depth";
    public static final String STABLE_RUN_SIZE = "stable_run_size";

    private ClusterTableProcedure() {}

    public static TableProcedureMetadata metadata()
    {
        return new TableProcedureMetadata(
                NAME,
                TableProcedureExecutionMode.distributedWithFilteringAndRepartitioning(),
                ImmutableList.of(
                        LakehouseTableProperties.columnNamesProperty(COLUMNS, "Columns to cluster by, in order (default: the table's clustered_by)"),
                        stringProperty(CURVE, "hilbert (default), zorder or linear", "hilbert", false),
                        integerProperty(MAX_OVERLAP_DEPTH, "How many other clustering runs may overlap a clustered file before runs are merged, smallest first (0: one run wherever boxes meet)", 1, false),
                        dataSizeProperty(STABLE_RUN_SIZE, "A clustering run of at least this size is never merged again (default: every run may be merged)", null, false)));
    }

    /**
     * @param tableColumns the table's columns, to resolve the names given by the user
     * @param clusteredBy the table's clustering columns (physical names), used when the call names none
     */
    @SuppressWarnings("unchecked")
    public static ClusteringSpec spec(Map<String, Object> properties, List<LakehouseColumnHandle> tableColumns, List<String> clusteredBy, long targetFileSize)
    {
        List<String> names = (List<String>) properties.get(COLUMNS);
        List<String> physicalNames = names.isEmpty() ? clusteredBy : TableClustering.resolve(names, tableColumns, "cluster", LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT);
        if (physicalNames.isEmpty()) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "cluster: no clustering columns; pass columns => ARRAY['column', ...] or set the table property clustered_by");
        }
        int maxOverlapDepth = (int) properties.get(MAX_OVERLAP_DEPTH);
        if (maxOverlapDepth < 0) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "cluster: max_overlap_depth must be 0 or more, but was " + maxOverlapDepth);
        }
        DataSize stableRunSize = (DataSize) properties.get(STABLE_RUN_SIZE);
        if (stableRunSize != null && stableRunSize.toBytes() <= 0) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "cluster: stable_run_size must be more than 0B, but was " + stableRunSize);
        }
        long stableRunBytes = stableRunSize == null ? ClusteringOptions.NO_STABLE_RUNS : stableRunSize.toBytes();
        return new ClusteringSpec(physicalNames, curve((String) properties.get(CURVE)), targetFileSize, maxOverlapDepth, stableRunBytes);
    }

    private static CurveKind curve(String name)
    {
        Optional<CurveKind> curve = Arrays.stream(CurveKind.values())
                .filter(kind -> kind.name().equalsIgnoreCase(name))
                .findFirst();
        return curve.orElseThrow(() -> new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "cluster: unknown curve '%s'; use hilbert, zorder or linear".formatted(name)));
    }
}
