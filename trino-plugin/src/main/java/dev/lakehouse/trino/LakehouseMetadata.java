package dev.lakehouse.trino;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.stats.TableColumnStatistics;
import dev.lakehouse.transactionlog.CommitRequest;
import dev.lakehouse.transactionlog.IsolationLevel;
import dev.lakehouse.transactionlog.TableFeatures;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.TransactionEntry;
import dev.lakehouse.transactionlog.schema.ColumnMappingMode;
import dev.lakehouse.trino.analyze.TableAnalysis;
import dev.lakehouse.trino.constraints.CheckConstraints;
import dev.lakehouse.trino.create.NewTables;
import dev.lakehouse.trino.execute.ClusteringRuns;
import dev.lakehouse.trino.execute.LakehouseRewriteHandle;
import dev.lakehouse.trino.execute.StatisticsRebuilder;
import dev.lakehouse.trino.execute.TableExecutes;
import dev.lakehouse.trino.maintenance.MaintenanceTableProperties;
import dev.lakehouse.trino.merge.DeletionVectors;
import dev.lakehouse.trino.merge.LakehouseMergeTableHandle;
import dev.lakehouse.trino.merge.MergeRowId;
import dev.lakehouse.trino.merge.MergeRowIdPartitioning;
import dev.lakehouse.trino.merge.RowLevelCommits;
import dev.lakehouse.trino.metadatatables.MetadataTables;
import dev.lakehouse.trino.read.FileColumns;
import dev.lakehouse.trino.schema.NestedFieldChanges;
import dev.lakehouse.trino.schema.SchemaChanges;
import dev.lakehouse.trino.schema.TypeWidening;
import dev.lakehouse.trino.write.DataFileFragments;
import dev.lakehouse.trino.write.IdempotentWrites;
import io.airlift.slice.Slice;
import io.trino.filesystem.Location;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.BeginTableExecuteResult;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ColumnPosition;
import io.trino.spi.connector.ConnectorAccessControl;
import io.trino.spi.connector.ConnectorAnalyzeMetadata;
import io.trino.spi.connector.ConnectorInsertTableHandle;
import io.trino.spi.connector.ConnectorMergeTableHandle;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorOutputMetadata;
import io.trino.spi.connector.ConnectorOutputTableHandle;
import io.trino.spi.connector.ConnectorPartitioningHandle;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableExecuteHandle;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTableLayout;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTableVersion;
import io.trino.spi.connector.Constraint;
import io.trino.spi.connector.ConstraintApplicationResult;
import io.trino.spi.connector.RelationColumnsMetadata;
import io.trino.spi.connector.RetryMode;
import io.trino.spi.connector.RowChangeParadigm;
import io.trino.spi.connector.SaveMode;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.connector.WriterScalingOptions;
import io.trino.spi.expression.Constant;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.security.TrinoPrincipal;
import io.trino.spi.statistics.ComputedStatistics;
import io.trino.spi.statistics.TableStatistics;
import io.trino.spi.statistics.TableStatisticsMetadata;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static io.trino.spi.StandardErrorCode.TABLE_ALREADY_EXISTS;
import static io.trino.spi.connector.RetryMode.NO_RETRIES;
import static java.util.Objects.requireNonNull;

/**
 * SQL metadata of lakehouse tables. One instance per Trino transaction.
 */
public final class LakehouseMetadata
        implements ConnectorMetadata
{


    private final MetadataTables metadataTables;
    private final TransactionLogAccess logAccess;
    private final Warehouse warehouse;
    private final TypeManager typeManager;
    private final TableStatisticsProvider statisticsProvider;
    private final ColumnStatisticsStore columnStatisticsStore;
    private final NewTables newTables;
    private final TableExecutes tableExecutes;
    private final TableAnalysis tableAnalysis;
    private final int defaultCheckpointInterval;
    // tables whose optimize or cluster is being planned in this transaction (this metadata lives for one transaction)
    private final Set<SchemaTableName> tableExecuteTargets = ConcurrentHashMap.newKeySet();

    public LakehouseMetadata(TransactionLogAccess logAccess, Warehouse warehouse, TypeManager typeManager, TableStatisticsProvider statisticsProvider, ColumnStatisticsStore columnStatisticsStore, StatisticsRebuilder statisticsRebuilder, MetadataTables metadataTables, int defaultCheckpointInterval)
    {
        this.metadataTables = requireNonNull(metadataTables, "metadataTables is null");
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
        this.statisticsProvider = requireNonNull(statisticsProvider, "statisticsProvider is null");
        this.columnStatisticsStore = requireNonNull(columnStatisticsStore, "columnStatisticsStore is null");
        this.newTables = new NewTables(warehouse, logAccess, typeManager, defaultCheckpointInterval);
        this.tableAnalysis = new TableAnalysis(logAccess, typeManager, columnStatisticsStore);
        this.tableExecutes = new TableExecutes(logAccess, typeManager, statisticsRebuilder, columnStatisticsStore, defaultCheckpointInterval);
        this.defaultCheckpointInterval = defaultCheckpointInterval;
    }

    // ---- schemas ----

    @Override
    public List<String> listSchemaNames(ConnectorSession session)
    {
        return warehouse.listSchemas(session);
    }

    @Override
    public boolean schemaExists(ConnectorSession session, String schemaName)
    {
        return warehouse.schemaExists(session, schemaName);
    }

    @Override
    public void createSchema(ConnectorSession session, String schemaName, Map<String, Object> properties, TrinoPrincipal owner)
    {
        warehouse.createSchema(session, schemaName);
    }

    @Override
    public void dropSchema(ConnectorSession session, String schemaName, boolean cascade)
    {
        warehouse.dropSchema(session, schemaName, cascade);
    }

    // ---- tables ----

    @Override
    public List<SchemaTableName> listTables(ConnectorSession session, Optional<String> schemaName)
    {
        List<String> schemas = schemaName.map(List::of).orElseGet(() -> warehouse.listSchemas(session));
        ImmutableList.Builder<SchemaTableName> tables = ImmutableList.builder();
        for (String schema : schemas) {
            warehouse.listTables(session, schema).forEach(table -> tables.add(new SchemaTableName(schema, table)));
        }
        return tables.build();
    }

    @Override
    public Iterator<RelationColumnsMetadata> streamRelationColumns(ConnectorSession session, Optional<String> schemaName, UnaryOperator<Set<SchemaTableName>> relationFilter)
    {
        Set<SchemaTableName> tables = relationFilter.apply(ImmutableSet.copyOf(listTables(session, schemaName)));
        return tables.stream()
                .flatMap(name -> relationColumns(session, name).stream())
                .iterator();
    }

    private Optional<RelationColumnsMetadata> relationColumns(ConnectorSession session, SchemaTableName name)
    {
        try {
            ConnectorTableHandle handle = getTableHandle(session, name, Optional.empty(), Optional.empty());
            return Optional.ofNullable(handle).map(found -> RelationColumnsMetadata.forTable(name, getTableMetadata(session, found).getColumns()));
        }
        catch (TrinoException e) {
            // a table dropped meanwhile, or one whose log this connector cannot read, has no columns to list
            return Optional.empty();
        }
    }

    @Override
    public ConnectorTableHandle getTableHandle(ConnectorSession session, SchemaTableName tableName, Optional<ConnectorTableVersion> startVersion, Optional<ConnectorTableVersion> endVersion)
    {
        if (startVersion.isPresent()) {
            throw new TrinoException(NOT_SUPPORTED, "Reading a range of versions is not supported; use FOR VERSION AS OF or FOR TIMESTAMP AS OF");
        }
        Optional<Location> location = warehouse.findTable(session, tableName);
        if (location.isEmpty()) {
            return null;
        }
        TableSnapshot snapshot = endVersion
                .map(version -> TimeTravel.snapshot(logAccess, session, location.get(), version))
                .orElseGet(() -> logAccess.latestSnapshot(session, location.get()));
        return new LakehouseTableHandle(tableName, location.get().toString(), snapshot.version(), snapshot.timestamp(), endVersion.isPresent(), TupleDomain.all(), TupleDomain.all(), OptionalLong.empty(), Optional.empty(), OptionalLong.empty());
    }

    @Override
    public Optional<SystemTable> getSystemTable(ConnectorSession session, SchemaTableName tableName)
    {
        return metadataTables.systemTable(session, tableName);
    }

    @Override
    public ConnectorTableMetadata getTableMetadata(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        LakehouseTableHandle table = (LakehouseTableHandle) tableHandle;
        TableSnapshot snapshot = snapshot(session, table);
        List<ColumnMetadata> columns = TableColumns.columnMetadata(snapshot, typeManager);
        ImmutableMap.Builder<String, Object> properties = ImmutableMap.builder();
        properties.put(LakehouseTableProperties.LOCATION, table.location());
        if (!snapshot.metadata().partitionColumns().isEmpty()) {
            properties.put(LakehouseTableProperties.PARTITIONED_BY, snapshot.metadata().partitionColumns());
        }
        List<String> clusteredBy = TableClustering.columns(snapshot);
        if (!clusteredBy.isEmpty()) {
            properties.put(LakehouseTableProperties.CLUSTERED_BY, TableClustering.names(clusteredBy, TableColumns.columnHandles(snapshot, typeManager)));
        }
        properties.put(LakehouseTableProperties.CHECKPOINT_INTERVAL, checkpointInterval(snapshot.metadata()));
        ColumnMappingMode columnMapping = ColumnMappingMode.of(snapshot.metadata());
        if (columnMapping != ColumnMappingMode.NONE) {
            properties.put(LakehouseTableProperties.COLUMN_MAPPING_MODE, columnMapping);
        }
        if (DeletionVectors.enabled(snapshot.protocol(), snapshot.metadata())) {
            properties.put(LakehouseTableProperties.DELETION_VECTORS_ENABLED, true);
        }
        if (TypeWidening.enabled(snapshot.protocol(), snapshot.metadata())) {
            properties.put(LakehouseTableProperties.TYPE_WIDENING_ENABLED, true);
        }
        if (TableFeatures.changeDataFeedEnabled(snapshot.metadata())) {
            properties.put(LakehouseTableProperties.CHANGE_DATA_FEED_ENABLED, true);
        }
        properties.putAll(MaintenanceTableProperties.tableProperties(snapshot.metadata()));
        List<ColumnMetadata> withFileColumns = ImmutableList.<ColumnMetadata>builder().addAll(columns).addAll(FileColumns.metadata()).build();
        return new ConnectorTableMetadata(table.schemaTableName(), withFileColumns, properties.buildOrThrow(), snapshot.metadata().description(), CheckConstraints.of(snapshot.metadata()));
    }

    @Override
    public Map<String, ColumnHandle> getColumnHandles(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        ImmutableMap.Builder<String, ColumnHandle> handles = ImmutableMap.builder();
        for (LakehouseColumnHandle column : TableColumns.columnHandles(snapshot(session, (LakehouseTableHandle) tableHandle), typeManager)) {
            // Trino names columns in lower case; Delta names keep their case and are unique ignoring it
            handles.put(column.name().toLowerCase(Locale.ENGLISH), column);
        }
        FileColumns.handles().forEach(column -> handles.put(column.name(), column));
        return handles.buildKeepingLast();
    }

    @Override
    public ColumnMetadata getColumnMetadata(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle columnHandle)
    {
        LakehouseColumnHandle handle = (LakehouseColumnHandle) columnHandle;
        if (MergeRowId.isRowId(handle) || FileColumns.isFileColumn(handle)) {
            return ColumnMetadata.builder().setName(handle.name()).setType(handle.type()).setHidden(true).build();
        }
        String name = handle.name();
        return TableColumns.columnMetadata(snapshot(session, (LakehouseTableHandle) tableHandle), typeManager).stream()
                .filter(column -> column.getName().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new TrinoException(io.trino.spi.StandardErrorCode.COLUMN_NOT_FOUND, "Column not found: " + name));
    }

    @Override
    public Optional<ConstraintApplicationResult<ConnectorTableHandle>> applyFilter(ConnectorSession session, ConnectorTableHandle tableHandle, Constraint constraint)
    {
        LakehouseTableHandle table = (LakehouseTableHandle) tableHandle;
        TupleDomain<LakehouseColumnHandle> summary = constraint.getSummary().transformKeys(LakehouseColumnHandle.class::cast);
        TupleDomain<LakehouseColumnHandle> partitionPart = summary.filter((column, _) -> column.partitionKey());
        TupleDomain<LakehouseColumnHandle> dataPart = summary.filter((column, _) -> !column.partitionKey());

        boolean tableExecuteScan = tableExecuteTargets.contains(table.schemaTableName());
        if (tableExecuteScan && !constraint.getExpression().equals(Constant.TRUE)) {
            throw new TrinoException(NOT_SUPPORTED, "The WHERE clause of optimize and cluster chooses files by the min/max statistics of their columns: " +
                    "it may only compare columns with values (=, <, BETWEEN, IN, IS NULL, combined with AND/OR on one column); it cannot use " + constraint.getExpression());
        }
        LakehouseTableHandle newTable = table.withConstraints(
                table.partitionConstraint().intersect(partitionPart),
                table.dataConstraint().intersect(dataPart));
        if (newTable.equals(table)) {
            return Optional.empty();
        }
        if (tableExecuteScan) {
            // the scan of an optimize or cluster: its WHERE chooses files, and a chosen file is rewritten whole, so
            // the engine must not filter rows (nor may the page source skip row groups, see rewritesFiles)
            return Optional.of(new ConstraintApplicationResult<>(newTable, TupleDomain.all(), constraint.getExpression(), false));
        }
        // partition predicates are enforced by file pruning; data predicates only narrow what is read
        return Optional.of(new ConstraintApplicationResult<>(newTable, dataPart.transformKeys(ColumnHandle.class::cast), constraint.getExpression(), false));
    }

    @Override
    public TableStatistics getTableStatistics(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        LakehouseTableHandle table = (LakehouseTableHandle) tableHandle;
        TableSnapshot snapshot = snapshot(session, table);
        Optional<TableColumnStatistics> columnStatistics = columnStatisticsStore.read(session, Location.of(table.location()), snapshot.version());
        return statisticsProvider.getTableStatistics(snapshot, table, TableColumns.columnHandles(snapshot, typeManager), columnStatistics);
    }

    @Override
    public ConnectorAnalyzeMetadata getStatisticsCollectionMetadata(ConnectorSession session, ConnectorTableHandle tableHandle, Map<String, Object> analyzeProperties)
    {
        LakehouseTableHandle table = (LakehouseTableHandle) tableHandle;
        List<ColumnMetadata> tableColumns = getTableMetadata(session, table).getColumns().stream().filter(column -> !column.isHidden()).toList();
        return tableAnalysis.analyzeMetadata(session, table, tableColumns, analyzeProperties);
    }

    @Override
    public ConnectorTableHandle beginStatisticsCollection(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        return tableHandle;
    }

    @Override
    public void finishStatisticsCollection(ConnectorSession session, ConnectorTableHandle tableHandle, Collection<ComputedStatistics> computedStatistics)
    {
        tableAnalysis.finish(session, (LakehouseTableHandle) tableHandle, computedStatistics);
    }

    @Override
    public void createTable(ConnectorSession session, ConnectorTableMetadata tableMetadata, SaveMode saveMode)
    {
        newTables.create(session, tableMetadata, saveMode);
    }

    @Override
    public Optional<ConnectorTableLayout> getNewTableLayout(ConnectorSession session, ConnectorTableMetadata tableMetadata)
    {
        List<String> partitionedBy = LakehouseTableProperties.getPartitionedBy(tableMetadata.getProperties());
        return partitionedBy.isEmpty() ? Optional.empty() : Optional.of(new ConnectorTableLayout(partitionedBy));
    }

    @Override
    public TableStatisticsMetadata getStatisticsCollectionMetadataForWrite(ConnectorSession session, ConnectorTableMetadata tableMetadata)
    {
        if (!LakehouseSessionProperties.isCollectColumnStatisticsOnWrite(session)) {
            return TableStatisticsMetadata.empty();
        }
        return WriteStatistics.collectionMetadata(tableMetadata.getColumns());
    }

    // page sinks report their written bytes, so Trino may add writers (and files) while a write keeps them busy
    @Override
    public WriterScalingOptions getNewTableWriterScalingOptions(ConnectorSession session, SchemaTableName tableName, Map<String, Object> tableProperties)
    {
        return WriterScalingOptions.ENABLED;
    }

    @Override
    public WriterScalingOptions getInsertWriterScalingOptions(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        return WriterScalingOptions.ENABLED;
    }

    @Override
    public ConnectorOutputTableHandle beginCreateTable(ConnectorSession session, ConnectorTableMetadata tableMetadata, Optional<ConnectorTableLayout> layout, RetryMode retryMode, boolean replace)
    {
        checkNoRetries(retryMode);
        return newTables.beginCreate(session, tableMetadata, replace);
    }

    @Override
    public Optional<ConnectorOutputMetadata> finishCreateTable(ConnectorSession session, ConnectorOutputTableHandle tableHandle, Collection<Slice> fragments, Collection<ComputedStatistics> computedStatistics)
    {
        LakehouseWriteHandle handle = (LakehouseWriteHandle) tableHandle;
        long version = newTables.finishCreate(session, handle, ClusteringRuns.ofWrite(session, handle, DataFileFragments.parse(fragments)));
        writeColumnStatistics(session, handle, Location.of(handle.location()), version, computedStatistics);
        return Optional.empty();
    }

    private void writeColumnStatistics(ConnectorSession session, LakehouseWriteHandle handle, Location location, long version, Collection<ComputedStatistics> computedStatistics)
    {
        if (LakehouseSessionProperties.isCollectColumnStatisticsOnWrite(session)) {
            columnStatisticsStore.write(session, location, new TableColumnStatistics(version, WriteStatistics.columnSummaries(computedStatistics, handle.columns())));
        }
    }

    @Override
    public Optional<ConnectorTableLayout> getInsertLayout(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        TableSnapshot snapshot = snapshot(session, (LakehouseTableHandle) tableHandle);
        List<String> partitionColumns = snapshot.metadata().partitionColumns();
        return partitionColumns.isEmpty() ? Optional.empty() : Optional.of(new ConnectorTableLayout(partitionColumns));
    }

    @Override
    public ConnectorInsertTableHandle beginInsert(ConnectorSession session, ConnectorTableHandle tableHandle, List<ColumnHandle> columns, RetryMode retryMode)
    {
        checkNoRetries(retryMode);
        LakehouseTableHandle table = (LakehouseTableHandle) tableHandle;
        if (table.timeTravel()) {
            throw new TrinoException(NOT_SUPPORTED, "Cannot write to a past version of a table; remove FOR VERSION/TIMESTAMP AS OF");
        }
        TableSnapshot snapshot = snapshot(session, table);
        TableFeatures.checkCanWrite(snapshot.protocol(), snapshot.metadata(), table.schemaTableName().toString());
        return new LakehouseWriteHandle(
                table.schemaTableName(),
                table.location(),
                TableColumns.columnHandles(snapshot, typeManager),
                snapshot.metadata().partitionColumns(),
                OptionalLong.of(snapshot.version()),
                ImmutableList.of(),
                checkpointInterval(snapshot.metadata()),
                false,
                ClusteringRuns.onWrite(session, TableClustering.columns(snapshot)),
                false);
    }

    @Override
    public Optional<ConnectorOutputMetadata> finishInsert(ConnectorSession session, ConnectorInsertTableHandle insertHandle, List<ConnectorTableHandle> sourceTableHandles, Collection<Slice> fragments, Collection<ComputedStatistics> computedStatistics)
    {
        LakehouseWriteHandle handle = (LakehouseWriteHandle) insertHandle;
        List<AddFileEntry> files = ClusteringRuns.ofWrite(session, handle, DataFileFragments.parse(fragments));
        if (files.isEmpty()) {
            return Optional.empty();
        }
        // INSERT ... SELECT from the same table read it: a concurrent append would change what it should have inserted
        boolean readsItself = sourceTableHandles.stream()
                .anyMatch(source -> source instanceof LakehouseTableHandle sourceTable && sourceTable.location().equals(handle.location()));
        Location location = Location.of(handle.location());
        Optional<TransactionEntry> transaction = IdempotentWrites.transaction(session);
        if (transaction.isPresent() && IdempotentWrites.alreadyCommitted(logAccess.latestSnapshot(session, location), transaction.get())) {
            // a retry of a write the table has: its files stay unreferenced, for vacuum
            return Optional.empty();
        }
        List<DeltaAction> actions = ImmutableList.<DeltaAction>builder().addAll(files).addAll(transaction.stream().toList()).build();
        long version = commit(session, location, new CommitRequest(handle.readVersion(), commitInfo(session, "WRITE", ImmutableMap.of("mode", "Append"), !readsItself), actions, readsItself), handle.checkpointInterval());
        // the previous version's statistics plus this append's describe the new version; without them (a version
        // written by another engine, or before statistics existed) the new version gets none rather than wrong ones
        if (LakehouseSessionProperties.isCollectColumnStatisticsOnWrite(session)) {
            columnStatisticsStore.read(session, location, version - 1).ifPresent(previous ->
                    columnStatisticsStore.write(session, location, previous.withAppended(version, WriteStatistics.columnSummaries(computedStatistics, handle.columns()))));
        }
        return Optional.empty();
    }

    // ---- row-level changes (merge/): DELETE, UPDATE and MERGE rewrite the files whose rows change ----

    @Override
    public RowChangeParadigm getRowChangeParadigm(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        return RowChangeParadigm.DELETE_ROW_AND_INSERT_ROW;
    }

    @Override
    public ColumnHandle getMergeRowIdColumnHandle(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        return MergeRowId.columnHandle();
    }

    @Override
    public Optional<ConnectorPartitioningHandle> getUpdateLayout(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        return Optional.of(MergeRowIdPartitioning.INSTANCE);
    }

    @Override
    public ConnectorMergeTableHandle beginMerge(ConnectorSession session, ConnectorTableHandle tableHandle, Map<Integer, Collection<ColumnHandle>> updateCaseColumns, RetryMode retryMode)
    {
        LakehouseTableHandle table = (LakehouseTableHandle) tableHandle;
        // the same writers as an INSERT, reading the version the scan reads
        LakehouseWriteHandle write = (LakehouseWriteHandle) beginInsert(session, table, ImmutableList.of(), retryMode);
        // the snapshot beginInsert read (cached): no second listing of the log
        TableSnapshot snapshot = snapshot(session, table);
        return new LakehouseMergeTableHandle(table, write, DeletionVectors.enabled(snapshot.protocol(), snapshot.metadata()), TableFeatures.changeDataFeedEnabled(snapshot.metadata()));
    }

    @Override
    public void finishMerge(ConnectorSession session, ConnectorMergeTableHandle mergeTableHandle, List<ConnectorTableHandle> sourceTableHandles, Collection<Slice> fragments, Collection<ComputedStatistics> computedStatistics)
    {
        LakehouseMergeTableHandle merge = (LakehouseMergeTableHandle) mergeTableHandle;
        LakehouseWriteHandle write = merge.write();
        Location location = Location.of(write.location());
        // the version the scan read (the write's read version), from the cache: no listing of the log
        TableSnapshot snapshot = snapshot(session, merge.table());
        List<DeltaAction> actions = RowLevelCommits.mergeActions(snapshot, DataFileFragments.parseActions(fragments), files -> ClusteringRuns.ofWrite(session, write, files), System.currentTimeMillis());
        if (actions.isEmpty()) {
            return;
        }
        Optional<TransactionEntry> transaction = IdempotentWrites.transaction(session);
        if (transaction.isPresent() && IdempotentWrites.alreadyCommitted(logAccess.latestSnapshot(session, location), transaction.get())) {
            return;
        }
        // it read the table: a concurrent commit that removed data from a file it read conflicts with it, and one that
        // appended data too when the table asks for Serializable isolation (delta.isolationLevel; WriteSerializable by default)
        IsolationLevel isolationLevel = IsolationLevel.of(snapshot.metadata());
        CommitInfoEntry commitInfo = commitInfo(session, "MERGE", ImmutableMap.of(), false).withIsolationLevel(isolationLevel.deltaName());
        List<DeltaAction> committed = ImmutableList.<DeltaAction>builder().addAll(actions).addAll(transaction.stream().toList()).build();
        Set<String> filesRead = RowLevelCommits.filesRead(snapshot, merge.table());
        commit(session, location, new CommitRequest(write.readVersion(), commitInfo, committed, true, isolationLevel, Optional.of(filesRead)), write.checkpointInterval());
    }

    @Override
    public Optional<ConnectorTableHandle> applyDelete(ConnectorSession session, ConnectorTableHandle handle)
    {
        LakehouseTableHandle table = (LakehouseTableHandle) handle;
        // only when nothing but partition values decides which rows go: then whole files go, unread
        if (table.timeTravel() || !table.dataConstraint().isAll() || table.rewritesFiles()) {
            return Optional.empty();
        }
        // the change feed then holds the deleted rows too: Trino's Delta Lake connector reads no feed from removed files alone
        if (TableFeatures.changeDataFeedEnabled(snapshot(session, table).metadata())) {
            return Optional.empty();
        }
        return Optional.of(table);
    }

    @Override
    public OptionalLong executeDelete(ConnectorSession session, ConnectorTableHandle handle)
    {
        LakehouseTableHandle table = (LakehouseTableHandle) handle;
        TableSnapshot snapshot = snapshot(session, table);
        TableFeatures.checkCanWrite(snapshot.protocol(), snapshot.metadata(), table.schemaTableName().toString());
        List<AddFileEntry> files = RowLevelCommits.filesOfPartitions(snapshot, table);
        removeWholeFiles(session, table, snapshot, files, "DELETE");
        return RowLevelCommits.visibleRows(files);
    }

    @Override
    public void truncateTable(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        LakehouseTableHandle table = (LakehouseTableHandle) tableHandle;
        TableSnapshot snapshot = latestWritableSnapshot(session, table);
        removeWholeFiles(session, table, snapshot, snapshot.activeFiles(), "TRUNCATE");
    }

    /**
     * Commits the removal of whole files, read by no one: a concurrent removal of one of them conflicts, a
     * concurrent append does not.
     */
    private void removeWholeFiles(ConnectorSession session, LakehouseTableHandle table, TableSnapshot snapshot, List<AddFileEntry> files, String operation)
    {
        if (files.isEmpty()) {
            return;
        }
        List<DeltaAction> removals = RowLevelCommits.removals(files, System.currentTimeMillis());
        commit(session, Location.of(table.location()), new CommitRequest(OptionalLong.of(snapshot.version()), commitInfo(session, operation, ImmutableMap.of(), false), removals, false), checkpointInterval(snapshot.metadata()));
    }

    @Override
    public Optional<ConnectorTableExecuteHandle> getTableHandleForExecute(ConnectorSession session, ConnectorAccessControl accessControl, ConnectorTableHandle tableHandle, String procedureName, Map<String, Object> executeProperties, RetryMode retryMode)
    {
        checkNoRetries(retryMode);
        LakehouseTableHandle table = (LakehouseTableHandle) tableHandle;
        if (table.timeTravel()) {
            throw new TrinoException(NOT_SUPPORTED, "Cannot run %s on a past version of a table; remove FOR VERSION/TIMESTAMP AS OF".formatted(procedureName.toLowerCase(Locale.ENGLISH)));
        }
        TableSnapshot snapshot = snapshot(session, table);
        TableFeatures.checkCanWrite(snapshot.protocol(), snapshot.metadata(), table.schemaTableName().toString());
        if (TableExecutes.rewritesFiles(procedureName)) {
            // planning the rewrite's scan comes next, in this transaction, until beginTableExecute
            tableExecuteTargets.add(table.schemaTableName());
        }
        return Optional.of(tableExecutes.handle(session, table, snapshot, procedureName, executeProperties));
    }

    @Override
    public void executeTableExecute(ConnectorSession session, ConnectorTableExecuteHandle tableExecuteHandle)
    {
        tableExecutes.executeInCoordinator(session, tableExecuteHandle);
    }

    @Override
    public Optional<ConnectorTableLayout> getLayoutForTableExecute(ConnectorSession session, ConnectorTableExecuteHandle tableExecuteHandle)
    {
        // one writer per partition, so a partition's small files become few large ones
        if (tableExecuteHandle instanceof LakehouseRewriteHandle optimize) {
            return Optional.of(new ConnectorTableLayout(optimize.partitionColumns()));
        }
        return Optional.empty();
    }

    @Override
    public BeginTableExecuteResult<ConnectorTableExecuteHandle, ConnectorTableHandle> beginTableExecute(ConnectorSession session, ConnectorTableExecuteHandle tableExecuteHandle, ConnectorTableHandle updatedSourceTableHandle)
    {
        LakehouseRewriteHandle optimize = (LakehouseRewriteHandle) tableExecuteHandle;
        LakehouseTableHandle source = (LakehouseTableHandle) updatedSourceTableHandle;
        // later scans of this table in the transaction are ordinary reads again
        tableExecuteTargets.remove(source.schemaTableName());
        // the scan reads the source handle's version, which may be newer than the one the execute handle was made from
        LakehouseTableHandle scan = optimize.clustering()
                .map(source::forClustering)
                .orElseGet(() -> source.forCompaction(optimize.fileSizeThreshold()));
        return new BeginTableExecuteResult<>(optimize.withReadVersion(source.version()), scan);
    }

    @Override
    public void finishTableExecute(ConnectorSession session, ConnectorTableExecuteHandle tableExecuteHandle, Collection<Slice> fragments, List<Object> splitSourceInfo)
    {
        tableExecutes.finishRewrite(session, (LakehouseRewriteHandle) tableExecuteHandle, fragments, splitSourceInfo);
    }

    @Override
    public void dropTable(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        LakehouseTableHandle table = (LakehouseTableHandle) tableHandle;
        warehouse.dropTable(session, table.schemaTableName(), Location.of(table.location()));
        logAccess.invalidate(Location.of(table.location()));
    }

    @Override
    public void renameTable(ConnectorSession session, ConnectorTableHandle tableHandle, SchemaTableName newTableName)
    {
        LakehouseTableHandle table = (LakehouseTableHandle) tableHandle;
        warehouse.requireSchema(session, newTableName.getSchemaName());
        Warehouse.checkNameLength("Table", newTableName.getTableName());
        if (warehouse.findTable(session, newTableName).isPresent() || logAccess.transactionLog(session, warehouse.defaultTableLocation(newTableName)).exists()) {
            throw new TrinoException(TABLE_ALREADY_EXISTS, "Table already exists: " + newTableName);
        }
        warehouse.renameTable(session, table.schemaTableName(), newTableName, Location.of(table.location()));
        logAccess.invalidate(Location.of(table.location()));
    }

    @Override
    public void setTableComment(ConnectorSession session, ConnectorTableHandle tableHandle, Optional<String> comment)
    {
        LakehouseTableHandle table = (LakehouseTableHandle) tableHandle;
        TableSnapshot snapshot = latestWritableSnapshot(session, table);
        MetadataEntry metadata = snapshot.metadata().withDescription(comment);
        long version = commit(session, Location.of(table.location()), new CommitRequest(OptionalLong.of(snapshot.version()), commitInfo(session, "SET TBLPROPERTIES", ImmutableMap.of(), false), ImmutableList.of(metadata), false), checkpointInterval(metadata));
        columnStatisticsStore.carryOver(session, Location.of(table.location()), version);
    }

    @Override
    public void setTableProperties(ConnectorSession session, ConnectorTableHandle tableHandle, Map<String, Optional<Object>> properties)
    {
        LakehouseTableHandle table = (LakehouseTableHandle) tableHandle;
        TableSnapshot snapshot = latestWritableSnapshot(session, table);
        TablePropertyChanges.Change change = TablePropertyChanges.of(snapshot, properties, table.schemaTableName(), typeManager);
        if (change.actions().isEmpty()) {
            return;
        }
        CommitInfoEntry commitInfo = commitInfo(session, change.operation(), change.operationParameters(), false);
        long version = commit(session, Location.of(table.location()), new CommitRequest(OptionalLong.of(snapshot.version()), commitInfo, change.actions(), false), checkpointInterval(snapshot.metadata()));
        columnStatisticsStore.carryOver(session, Location.of(table.location()), version);
    }

    @Override
    public void setColumnComment(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle column, Optional<String> comment)
    {
        String columnName = ((LakehouseColumnHandle) column).name();
        changeSchema(session, (LakehouseTableHandle) tableHandle, "CHANGE COLUMN", ImmutableMap.of("column", columnName),
                (snapshot, name) -> SchemaChanges.setColumnComment(snapshot.metadata(), columnName, comment, name));
    }

    @Override
    public void addField(ConnectorSession session, ConnectorTableHandle tableHandle, List<String> parentPath, String fieldName, Type type, boolean ignoreExisting)
    {
        changeSchema(session, (LakehouseTableHandle) tableHandle, "ADD COLUMNS", ImmutableMap.of("columns", String.join(".", parentPath) + "." + fieldName),
                (snapshot, name) -> NestedFieldChanges.addField(snapshot.metadata(), parentPath, fieldName, type, ignoreExisting, name));
    }

    @Override
    public void dropField(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle column, List<String> fieldPath)
    {
        List<String> path = ImmutableList.<String>builder().add(((LakehouseColumnHandle) column).name()).addAll(fieldPath).build();
        changeSchema(session, (LakehouseTableHandle) tableHandle, "DROP COLUMNS", ImmutableMap.of("columns", String.join(".", path)),
                (snapshot, name) -> NestedFieldChanges.dropField(snapshot.metadata(), path, name));
    }

    @Override
    public void renameField(ConnectorSession session, ConnectorTableHandle tableHandle, List<String> fieldPath, String target)
    {
        changeSchema(session, (LakehouseTableHandle) tableHandle, "RENAME COLUMN", ImmutableMap.of("oldColumnPath", String.join(".", fieldPath), "newColumnPath", target),
                (snapshot, name) -> NestedFieldChanges.renameField(snapshot.metadata(), fieldPath, target, name));
    }

    @Override
    public void dropNotNullConstraint(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle column)
    {
        String columnName = ((LakehouseColumnHandle) column).name();
        changeSchema(session, (LakehouseTableHandle) tableHandle, "CHANGE COLUMN", ImmutableMap.of("column", columnName, "nullable", "true"),
                (snapshot, name) -> SchemaChanges.dropNotNullConstraint(snapshot.metadata(), columnName, name));
    }

    @Override
    public void setColumnType(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle column, Type type)
    {
        LakehouseColumnHandle changed = (LakehouseColumnHandle) column;
        changeSchema(session, (LakehouseTableHandle) tableHandle, "CHANGE COLUMN", ImmutableMap.of("column", changed.name(), "newType", type.getDisplayName()),
                (snapshot, name) -> SchemaChanges.setColumnType(snapshot.metadata(), TypeWidening.enabled(snapshot.protocol(), snapshot.metadata()), changed.name(), changed.type(), type, name));
    }

    @Override
    public void setFieldType(ConnectorSession session, ConnectorTableHandle tableHandle, List<String> fieldPath, Type type)
    {
        changeSchema(session, (LakehouseTableHandle) tableHandle, "CHANGE COLUMN", ImmutableMap.of("column", String.join(".", fieldPath), "newType", type.getDisplayName()),
                (snapshot, name) -> NestedFieldChanges.setFieldType(snapshot.metadata(), TypeWidening.enabled(snapshot.protocol(), snapshot.metadata()), fieldPath, type, typeManager, name));
    }

    @Override
    public void addColumn(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnMetadata column, ColumnPosition position)
    {
        changeSchema(session, (LakehouseTableHandle) tableHandle, "ADD COLUMNS", ImmutableMap.of("columns", column.getName()),
                (snapshot, name) -> SchemaChanges.addColumn(snapshot.metadata(), column, position, snapshot.activeFiles().isEmpty(), name));
    }

    @Override
    public void dropColumn(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle column)
    {
        String columnName = ((LakehouseColumnHandle) column).name();
        changeSchema(session, (LakehouseTableHandle) tableHandle, "DROP COLUMNS", ImmutableMap.of("columns", columnName),
                (snapshot, name) -> SchemaChanges.dropColumn(snapshot.metadata(), columnName, TableClustering.columns(snapshot), name));
    }

    @Override
    public void renameColumn(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle source, String target)
    {
        String columnName = ((LakehouseColumnHandle) source).name();
        changeSchema(session, (LakehouseTableHandle) tableHandle, "RENAME COLUMN", ImmutableMap.of("oldColumnPath", columnName, "newColumnPath", target),
                (snapshot, name) -> SchemaChanges.renameColumn(snapshot.metadata(), columnName, target, name));
    }

    /**
     * Commits the table's metadata as {@code change} makes it from the latest snapshot (with the protocol raised
     * when the change turns column mapping on); the column statistics carry over.
     */
    private void changeSchema(ConnectorSession session, LakehouseTableHandle table, String operation, Map<String, String> parameters, BiFunction<TableSnapshot, SchemaTableName, MetadataEntry> change)
    {
        TableSnapshot snapshot = latestWritableSnapshot(session, table);
        MetadataEntry metadata = change.apply(snapshot, table.schemaTableName());
        ImmutableList.Builder<DeltaAction> actions = ImmutableList.builder();
        if (ColumnMappingMode.of(metadata) != ColumnMappingMode.of(snapshot.metadata())) {
            actions.add(TableFeatures.withColumnMapping(snapshot.protocol()));
        }
        actions.add(metadata);
        long version = commit(session, Location.of(table.location()), new CommitRequest(OptionalLong.of(snapshot.version()), commitInfo(session, operation, parameters, false), actions.build(), false), checkpointInterval(metadata));
        columnStatisticsStore.carryOver(session, Location.of(table.location()), version);
    }

    // ---- helpers ----

    private TableSnapshot snapshot(ConnectorSession session, LakehouseTableHandle table)
    {
        return logAccess.snapshot(session, table);
    }

    private TableSnapshot latestWritableSnapshot(ConnectorSession session, LakehouseTableHandle table)
    {
        if (table.timeTravel()) {
            throw new TrinoException(NOT_SUPPORTED, "Cannot change a past version of a table; remove FOR VERSION/TIMESTAMP AS OF");
        }
        TableSnapshot snapshot = logAccess.latestSnapshot(session, Location.of(table.location()));
        TableFeatures.checkCanWrite(snapshot.protocol(), snapshot.metadata(), table.schemaTableName().toString());
        return snapshot;
    }

    private long commit(ConnectorSession session, Location location, CommitRequest request, int checkpointInterval)
    {
        return logAccess.commit(session, location, request, checkpointInterval);
    }

    private int checkpointInterval(MetadataEntry metadata)
    {
        return LakehouseTableProperties.checkpointInterval(metadata, defaultCheckpointInterval);
    }

    private static void checkNoRetries(RetryMode retryMode)
    {
        if (retryMode != NO_RETRIES) {
            throw new TrinoException(NOT_SUPPORTED, "This connector does not support query retries; set retry_policy to NONE");
        }
    }

    private static CommitInfoEntry commitInfo(ConnectorSession session, String operation, Map<String, String> parameters, boolean blindAppend)
    {
        return SessionCommitInfo.of(session, operation, parameters, blindAppend);
    }
}
