package dev.lakehouse.trino.execute;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.layout.ClusteringTags;
import dev.lakehouse.transactionlog.CommitRequest;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import dev.lakehouse.trino.ColumnStatisticsStore;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.LakehouseSessionProperties;
import dev.lakehouse.trino.LakehouseTableHandle;
import dev.lakehouse.trino.LakehouseTableProperties;
import dev.lakehouse.trino.SessionCommitInfo;
import dev.lakehouse.trino.TableClustering;
import dev.lakehouse.trino.TableColumns;
import dev.lakehouse.trino.TransactionLogAccess;
import dev.lakehouse.trino.restore.LakehouseRestoreHandle;
import dev.lakehouse.trino.restore.RestoreTableProcedure;
import dev.lakehouse.trino.restore.TableRestore;
import dev.lakehouse.trino.write.DataFileFragments;
import io.airlift.slice.Slice;
import io.trino.filesystem.Location;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableExecuteHandle;
import io.trino.spi.type.TypeManager;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INTERNAL_ERROR;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static java.util.Objects.requireNonNull;

/**
 * {@code ALTER TABLE ... EXECUTE}: the handles of {@code optimize}, {@code cluster}, {@code rebuild_stats} and
 * {@code restore}, the commits of the rewrites (their files are written by Trino's table-execute plan), and the
 * statistics rebuild and restore, which run in the coordinator.
 */
public final class TableExecutes
{
    private final TransactionLogAccess logAccess;
    private final TypeManager typeManager;
    private final StatisticsRebuilder statisticsRebuilder;
    private final ColumnStatisticsStore columnStatisticsStore;
    private final int defaultCheckpointInterval;

    public TableExecutes(TransactionLogAccess logAccess, TypeManager typeManager, StatisticsRebuilder statisticsRebuilder, ColumnStatisticsStore columnStatisticsStore, int defaultCheckpointInterval)
    {
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
        this.statisticsRebuilder = requireNonNull(statisticsRebuilder, "statisticsRebuilder is null");
        this.columnStatisticsStore = requireNonNull(columnStatisticsStore, "columnStatisticsStore is null");
        this.defaultCheckpointInterval = defaultCheckpointInterval;
    }

    /** Whether the procedure rewrites data files, so that Trino plans a scan of the table and writers for it. */
    public static boolean rewritesFiles(String procedureName)
    {
        return procedureName.equals(OptimizeTableProcedure.NAME) || procedureName.equals(ClusterTableProcedure.NAME);
    }

    /**
     * @param snapshot the version of the table the procedure starts from, checked writable
     */
    public ConnectorTableExecuteHandle handle(ConnectorSession session, LakehouseTableHandle table, TableSnapshot snapshot, String procedureName, Map<String, Object> executeProperties)
    {
        int checkpointInterval = LakehouseTableProperties.checkpointInterval(snapshot.metadata(), defaultCheckpointInterval);
        return switch (procedureName) {
            case OptimizeTableProcedure.NAME -> rewriteHandle(table, snapshot, checkpointInterval, OptimizeTableProcedure.fileSizeThreshold(executeProperties), Optional.empty());
            case ClusterTableProcedure.NAME -> rewriteHandle(table, snapshot, checkpointInterval, 0, Optional.of(ClusterTableProcedure.spec(
                    executeProperties,
                    TableColumns.columnHandles(snapshot, typeManager),
                    TableClustering.columns(snapshot),
                    LakehouseSessionProperties.getTargetFileSize(session).toBytes())));
            case RebuildStatisticsProcedure.NAME -> new LakehouseRebuildStatisticsHandle(table, checkpointInterval);
            case RestoreTableProcedure.NAME -> new LakehouseRestoreHandle(table, TableRestore.targetVersion(session, logAccess, table, snapshot, RestoreTableProcedure.target(executeProperties)), checkpointInterval);
            default -> throw new TrinoException(NOT_SUPPORTED, "Unknown table procedure: " + procedureName);
        };
    }

    private LakehouseRewriteHandle rewriteHandle(LakehouseTableHandle table, TableSnapshot snapshot, int checkpointInterval, long fileSizeThreshold, Optional<ClusteringSpec> clustering)
    {
        return new LakehouseRewriteHandle(
                table.schemaTableName(),
                table.location(),
                snapshot.version(),
                TableColumns.columnHandles(snapshot, typeManager),
                snapshot.metadata().partitionColumns(),
                checkpointInterval,
                fileSizeThreshold,
                clustering);
    }

    /**
     * Runs a procedure that writes no data files through Trino: {@code restore}, {@code rebuild_stats}, from the
     * version of the table its handle was made from.
     */
    public void executeInCoordinator(ConnectorSession session, ConnectorTableExecuteHandle handle)
    {
        switch (handle) {
            case LakehouseRestoreHandle restore -> TableRestore.restore(session, logAccess, restore, logAccess.snapshot(session, restore.table()));
            case LakehouseRebuildStatisticsHandle rebuild -> rebuildStatistics(session, rebuild, logAccess.snapshot(session, rebuild.table()));
            default -> throw new IllegalArgumentException("Not a procedure that runs in the coordinator: " + handle);
        }
    }

    private void rebuildStatistics(ConnectorSession session, LakehouseRebuildStatisticsHandle handle, TableSnapshot snapshot)
    {
        LakehouseTableHandle table = handle.table();
        List<LakehouseColumnHandle> dataColumns = TableColumns.columnHandles(snapshot, typeManager).stream()
                .filter(column -> !column.partitionKey())
                .toList();
        List<DeltaAction> rebuilt = snapshot.activeFiles().stream()
                .filter(file -> StatisticsRebuilder.hasIncompleteStatistics(file, dataColumns))
                .map(file -> (DeltaAction) statisticsRebuilder.rebuild(session, table, file, dataColumns))
                .toList();
        if (rebuilt.isEmpty()) {
            return;
        }
        // re-adding a path replaces its statistics; a concurrent removal of one of these files is a conflict
        CommitInfoEntry commitInfo = SessionCommitInfo.of(session, "COMPUTE STATS", ImmutableMap.of("files", Integer.toString(rebuilt.size())), false);
        Location location = Location.of(table.location());
        long version = logAccess.commit(session, location, new CommitRequest(OptionalLong.of(snapshot.version()), commitInfo, rebuilt, false), handle.checkpointInterval());
        columnStatisticsStore.carryOver(session, location, version);
    }

    /**
     * Commits a rewrite: the files its scan read are removed, the files it wrote added (tagged as a clustering run's
     * by {@code cluster}).
     *
     * @param splitSourceInfo the paths of the files the scan read
     */
    public void finishRewrite(ConnectorSession session, LakehouseRewriteHandle rewrite, Collection<Slice> fragments, List<Object> splitSourceInfo)
    {
        Set<String> rewrittenPaths = splitSourceInfo.stream()
                .map(String.class::cast)
                .collect(ImmutableSet.toImmutableSet());
        if (rewrittenPaths.isEmpty()) {
            return;
        }
        Location location = Location.of(rewrite.location());
        TableSnapshot snapshot = logAccess.snapshotAtVersion(session, location, rewrite.readVersion());
        long now = System.currentTimeMillis();
        ImmutableList.Builder<DeltaAction> actions = ImmutableList.builder();
        List<AddFileEntry> rewrittenFiles = snapshot.activeFiles().stream()
                .filter(file -> rewrittenPaths.contains(file.path()))
                .toList();
        if (rewrittenFiles.size() != rewrittenPaths.size()) {
            // committing would keep both the old files and their copies
            throw new TrinoException(LAKEHOUSE_INTERNAL_ERROR, "optimize read files that are not in version %s of %s; nothing was committed".formatted(rewrite.readVersion(), rewrite.schemaTableName()));
        }
        rewrittenFiles.forEach(file -> actions.add(RemoveFileEntry.of(file, now, false)));
        List<AddFileEntry> written = DataFileFragments.parse(fragments).stream().map(file -> file.withDataChange(false)).toList();
        actions.addAll(rewrite.clustering()
                .map(clustering -> ClusteringRuns.tag(written, clustering, session.getQueryId(), TableClustering.isClusteredTable(snapshot)))
                .orElse(written));
        // the rows stay the same: concurrent appends are compatible, a concurrent removal of a rewritten file is not
        CommitInfoEntry commitInfo = rewrite.clustering()
                .map(clustering -> SessionCommitInfo.of(session, "CLUSTER BY", ImmutableMap.of("clusteringColumns", ClusteringTags.encodeColumns(clustering.columns()), "curve", ClusteringTags.curveName(clustering.curve())), false))
                .orElseGet(() -> SessionCommitInfo.of(session, "OPTIMIZE", ImmutableMap.of("fileSizeThreshold", Long.toString(rewrite.fileSizeThreshold())), false));
        long version = logAccess.commit(session, location, new CommitRequest(OptionalLong.of(rewrite.readVersion()), commitInfo, actions.build(), false), rewrite.checkpointInterval());
        columnStatisticsStore.carryOver(session, location, version);
    }
}
