package dev.lakehouse.trino.read;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.LakehouseTableHandle;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.predicate.TupleDomain;
import org.apache.parquet.schema.MessageType;

import java.util.List;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

/**
 * What the files read by one page source have in common: the table, the requested columns, the file system, the
 * query's predicate and the plan for reading a Parquet schema. A page source over many small files asks for them once
 * per file; they are computed again only when something changed (dynamic filters that narrowed the predicate, a file
 * written with another schema). Not thread-safe, as a page source is not.
 */
final class TableScan
{
    private final LakehouseTableHandle table;
    private final Location tableLocation;
    private final List<LakehouseColumnHandle> columns;
    private final TrinoFileSystem fileSystem;
    private final DynamicFilter dynamicFilter;
    // the table handle's constraints, which do not change during a scan
    private final TupleDomain<LakehouseColumnHandle> handlePredicate;
    private final ReadPlanCache readPlans;

    private TupleDomain<ColumnHandle> dynamicPredicate;
    private TupleDomain<LakehouseColumnHandle> predicate;
    private TupleDomain<LakehouseColumnHandle> dataPredicate;
    private ParquetReadPlan plan;

    TableScan(LakehouseTableHandle table, List<LakehouseColumnHandle> columns, TrinoFileSystem fileSystem, DynamicFilter dynamicFilter, ReadPlanCache readPlans)
    {
        this.readPlans = requireNonNull(readPlans, "readPlans is null");
        this.table = requireNonNull(table, "table is null");
        this.tableLocation = Location.of(table.location());
        this.columns = ImmutableList.copyOf(columns);
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.dynamicFilter = requireNonNull(dynamicFilter, "dynamicFilter is null");
        // a rewrite's data predicate chose its files; each of them is rewritten whole, so it must not skip row groups
        TupleDomain<LakehouseColumnHandle> dataConstraint = table.rewritesFiles() ? TupleDomain.all() : table.dataConstraint();
        this.handlePredicate = dataConstraint.intersect(table.partitionConstraint());
    }

    LakehouseTableHandle table()
    {
        return table;
    }

    Location tableLocation()
    {
        return tableLocation;
    }

    List<LakehouseColumnHandle> columns()
    {
        return columns;
    }

    TrinoFileSystem fileSystem()
    {
        return fileSystem;
    }

    /**
     * The query's predicate on every column, including the dynamic filters that have arrived so far.
     */
    TupleDomain<LakehouseColumnHandle> predicate()
    {
        TupleDomain<ColumnHandle> currentDynamicPredicate = dynamicFilter.getCurrentPredicate();
        if (!currentDynamicPredicate.equals(dynamicPredicate)) {
            dynamicPredicate = currentDynamicPredicate;
            predicate = handlePredicate.intersect(currentDynamicPredicate.transformKeys(LakehouseColumnHandle.class::cast));
            dataPredicate = predicate.filter((column, _) -> !ParquetReadPlan.isConstant(column));
        }
        return predicate;
    }

    /**
     * The part of the last {@link #predicate()} on columns stored in the data files.
     */
    TupleDomain<LakehouseColumnHandle> dataPredicate()
    {
        checkState(dataPredicate != null, "predicate() not called yet");
        return dataPredicate;
    }

    /**
     * The plan for reading a file of the given schema under the last {@link #predicate()}.
     */
    ParquetReadPlan plan(MessageType fileSchema)
    {
        if (plan == null || !plan.appliesTo(fileSchema, dataPredicate())) {
            plan = readPlans.plan(fileSchema, columns, dataPredicate());
        }
        return plan;
    }
}
