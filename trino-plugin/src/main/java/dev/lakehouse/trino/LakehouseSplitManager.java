package dev.lakehouse.trino;

import com.google.inject.Inject;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.changefeed.TableChangesHandle;
import dev.lakehouse.trino.changefeed.TableChangesSplits;
import dev.lakehouse.trino.execute.CompactionCandidates;
import dev.lakehouse.trino.execute.RewriteCandidates;
import dev.lakehouse.trino.read.PartitionNames;
import dev.lakehouse.trino.vacuum.VacuumPlanHandle;
import dev.lakehouse.trino.vacuum.VacuumPlanSplit;
import io.trino.filesystem.Location;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplitManager;
import io.trino.spi.connector.ConnectorSplitSource;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.Constraint;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.connector.FixedSplitSource;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

public final class LakehouseSplitManager
        implements ConnectorSplitManager
{
    private final TransactionLogAccess logAccess;
    private final TypeManager typeManager;

    @Inject
    public LakehouseSplitManager(TransactionLogAccess logAccess, TypeManager typeManager)
    {
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
    }

    @Override
    public ConnectorSplitSource getSplits(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorTableHandle tableHandle, DynamicFilter dynamicFilter, Constraint constraint)
    {
        LakehouseTableHandle table = (LakehouseTableHandle) tableHandle;
        TableSnapshot snapshot = logAccess.snapshot(session, table);
        List<AddFileEntry> files = snapshot.activeFiles();
        if (table.compactFilesSmallerThan().isPresent()) {
            files = CompactionCandidates.select(files, table.compactFilesSmallerThan().getAsLong());
        }
        if (table.clusterFiles().isPresent()) {
            Map<String, Type> columnTypes = TableColumns.columnHandles(snapshot, typeManager).stream()
                    .filter(column -> !column.partitionKey())
                    .collect(Collectors.toMap(LakehouseColumnHandle::physicalName, LakehouseColumnHandle::type));
            files = RewriteCandidates.forClustering(files, table.clusterFiles().get(), columnTypes);
        }
        if (table.onlyFilesAddedAfter().isPresent()) {
            Set<String> earlierFiles = logAccess.snapshotAtVersion(session, Location.of(table.location()), table.onlyFilesAddedAfter().getAsLong()).activeFiles().stream()
                    .map(AddFileEntry::path)
                    .collect(Collectors.toSet());
            files = files.stream()
                    .filter(file -> !earlierFiles.contains(file.path()))
                    .toList();
        }
        return new LakehouseSplitSource(
                files,
                table,
                PartitionNames.of(snapshot, typeManager),
                dynamicFilter,
                LakehouseSessionProperties.isFilePruningEnabled(session),
                LakehouseSessionProperties.getMaxSplitSize(session).toBytes(),
                LakehouseSessionProperties.isCombineSmallFiles(session),
                LakehouseSessionProperties.getDynamicFilteringWaitTimeout(session));
    }

    @Override
    public ConnectorSplitSource getSplits(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorTableFunctionHandle function)
    {
        if (function instanceof VacuumPlanHandle vacuumPlan) {
            return new FixedSplitSource(new VacuumPlanSplit(vacuumPlan.location()));
        }
        if (function instanceof TableChangesHandle tableChanges) {
            return new FixedSplitSource(TableChangesSplits.splits(session, logAccess, tableChanges));
        }
        throw new UnsupportedOperationException("Unknown table function handle: " + function);
    }
}
