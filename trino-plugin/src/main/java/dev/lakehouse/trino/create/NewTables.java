package dev.lakehouse.trino.create;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.CommitRequest;
import dev.lakehouse.transactionlog.TableFeatures;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.ActionJsonCodec;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.schema.ColumnMappingMode;
import dev.lakehouse.transactionlog.schema.DeltaSchemaCodec;
import dev.lakehouse.transactionlog.schema.DeltaType;
import dev.lakehouse.transactionlog.schema.StructField;
import dev.lakehouse.trino.FeatureFlag;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.LakehouseTableProperties;
import dev.lakehouse.trino.LakehouseWriteHandle;
import dev.lakehouse.trino.PartitionValues;
import dev.lakehouse.trino.SessionCommitInfo;
import dev.lakehouse.trino.TableClustering;
import dev.lakehouse.trino.TableColumns;
import dev.lakehouse.trino.TransactionLogAccess;
import dev.lakehouse.trino.Warehouse;
import dev.lakehouse.trino.execute.ClusteringRuns;
import dev.lakehouse.trino.maintenance.MaintenanceTableProperties;
import dev.lakehouse.trino.schema.SchemaChanges;
import dev.lakehouse.trino.schema.TableReplacement;
import dev.lakehouse.trino.schema.TypeConverter;
import io.trino.filesystem.Location;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.SaveMode;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INVALID_TABLE_PROPERTY;
import static io.trino.spi.StandardErrorCode.INVALID_ARGUMENTS;
import static io.trino.spi.StandardErrorCode.TABLE_ALREADY_EXISTS;
import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * CREATE TABLE, CREATE TABLE AS SELECT and their OR REPLACE forms: the table's first commit (or, when it replaces a
 * table, the commit that replaces what the table held), after checking its columns and properties.
 */
public final class NewTables
{
    private final Warehouse warehouse;
    private final TransactionLogAccess logAccess;
    private final TypeManager typeManager;
    private final int defaultCheckpointInterval;

    public NewTables(Warehouse warehouse, TransactionLogAccess logAccess, TypeManager typeManager, int defaultCheckpointInterval)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
        this.defaultCheckpointInterval = defaultCheckpointInterval;
    }

    /** CREATE TABLE without rows. */
    public void create(ConnectorSession session, ConnectorTableMetadata tableMetadata, SaveMode saveMode)
    {
        NewTable newTable = prepare(session, tableMetadata);
        if (newTable.exists()) {
            if (saveMode == SaveMode.IGNORE) {
                return;
            }
            if (saveMode != SaveMode.REPLACE) {
                throw new TrinoException(TABLE_ALREADY_EXISTS, "Table already exists: " + tableMetadata.getTable());
            }
            TableSnapshot existing = replacedSnapshot(session, newTable);
            List<DeltaAction> actions = TableReplacement.actions(existing, newTable.creationActions(), System.currentTimeMillis());
            commit(session, newTable.location(), new CommitRequest(OptionalLong.of(existing.version()), commitInfo(session, "CREATE OR REPLACE TABLE", false), actions, false), newTable.checkpointInterval());
            return;
        }
        if (newTable.external()) {
            warehouse.registerExternalTable(session, newTable.name(), newTable.location());
        }
        commit(session, newTable.location(), new CommitRequest(OptionalLong.empty(), commitInfo(session, "CREATE TABLE", true), newTable.creationActions(), false), newTable.checkpointInterval());
    }

    /** The write of CREATE TABLE AS SELECT: the table is checked now and committed with its rows. */
    public LakehouseWriteHandle beginCreate(ConnectorSession session, ConnectorTableMetadata tableMetadata, boolean replace)
    {
        NewTable newTable = prepare(session, tableMetadata);
        if (newTable.exists()) {
            if (!replace) {
                throw new TrinoException(TABLE_ALREADY_EXISTS, "Table already exists: " + tableMetadata.getTable());
            }
            replacedSnapshot(session, newTable);
        }
        List<LakehouseColumnHandle> columns = TableColumns.columnHandles(newTable.metadata(), typeManager);
        return new LakehouseWriteHandle(
                tableMetadata.getTable(),
                newTable.location().toString(),
                columns,
                newTable.metadata().partitionColumns(),
                OptionalLong.empty(),
                newTable.creationActions().stream().map(ActionJsonCodec::serialize).collect(ImmutableList.toImmutableList()),
                newTable.checkpointInterval(),
                newTable.external() && !newTable.exists(),
                ClusteringRuns.onWrite(session, newTable.clusteredBy()),
                newTable.exists());
    }

    /**
     * Commits the table of CREATE TABLE AS SELECT with the files written.
     *
     * @return the version committed
     */
    public long finishCreate(ConnectorSession session, LakehouseWriteHandle handle, List<AddFileEntry> files)
    {
        ImmutableList.Builder<DeltaAction> actions = ImmutableList.builder();
        handle.creationActions().forEach(json -> actions.add(ActionJsonCodec.parse(json, "create table handle").orElseThrow()));
        Location location = Location.of(handle.location());
        if (handle.replace()) {
            // what the table holds when the new rows are ready is replaced (rows appended meanwhile too)
            TableSnapshot existing = logAccess.latestSnapshot(session, location);
            TableFeatures.checkCanWrite(existing.protocol(), existing.metadata(), handle.schemaTableName().toString());
            List<DeltaAction> replacement = ImmutableList.<DeltaAction>builder()
                    .addAll(TableReplacement.actions(existing, actions.build(), System.currentTimeMillis()))
                    .addAll(files)
                    .build();
            return commit(session, location, new CommitRequest(OptionalLong.of(existing.version()), commitInfo(session, "CREATE OR REPLACE TABLE AS SELECT", false), replacement, false), handle.checkpointInterval());
        }
        actions.addAll(files);
        if (handle.external()) {
            warehouse.registerExternalTable(session, handle.schemaTableName(), location);
        }
        return commit(session, location, new CommitRequest(OptionalLong.empty(), commitInfo(session, "CREATE TABLE AS SELECT", true), actions.build(), false), handle.checkpointInterval());
    }

    /**
     * The latest snapshot of a table that CREATE OR REPLACE is about to replace, checked: writable here, and the
     * statement does not move it elsewhere.
     */
    private TableSnapshot replacedSnapshot(ConnectorSession session, NewTable newTable)
    {
        Location existingLocation = warehouse.findTable(session, newTable.name()).orElse(newTable.location());
        if (!existingLocation.equals(newTable.location())) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "CREATE OR REPLACE TABLE cannot move table %s from %s to %s; leave out the location property or drop the table first"
                    .formatted(newTable.name(), existingLocation, newTable.location()));
        }
        TableSnapshot existing = logAccess.latestSnapshot(session, existingLocation);
        TableFeatures.checkCanWrite(existing.protocol(), existing.metadata(), newTable.name().toString());
        return existing;
    }

    private NewTable prepare(ConnectorSession session, ConnectorTableMetadata tableMetadata)
    {
        SchemaTableName name = tableMetadata.getTable();
        warehouse.requireSchema(session, name.getSchemaName());
        Warehouse.checkNameLength("Table", name.getTableName());
        Map<String, Object> properties = tableMetadata.getProperties();
        List<ColumnMetadata> columns = tableMetadata.getColumns().stream().filter(column -> !column.isHidden()).toList();
        List<String> partitionedBy = LakehouseTableProperties.getPartitionedBy(properties);
        validatePartitioning(columns, partitionedBy);

        ImmutableList.Builder<StructField> fields = ImmutableList.builder();
        Set<String> names = new HashSet<>();
        for (ColumnMetadata column : columns) {
            if (!names.add(column.getName())) {
                throw new TrinoException(INVALID_ARGUMENTS, "Duplicate column name: " + column.getName());
            }
            fields.add(TypeConverter.toDeltaField(column.getName(), column.getType(), column.isNullable(), Optional.ofNullable(column.getComment())));
        }
        DeltaType.Struct schema = new DeltaType.Struct(fields.build());

        int checkpointInterval = LakehouseTableProperties.getCheckpointInterval(properties).orElse(defaultCheckpointInterval);
        ImmutableMap.Builder<String, String> configuration = ImmutableMap.builder();
        configuration.put(LakehouseTableProperties.CHECKPOINT_INTERVAL_CONFIGURATION, String.valueOf(checkpointInterval));
        configuration.putAll(MaintenanceTableProperties.configuration(properties));

        ColumnMappingMode columnMapping = LakehouseTableProperties.getColumnMappingMode(properties);
        MetadataEntry metadata = SchemaChanges.withColumnMapping(new MetadataEntry(
                UUID.randomUUID().toString(),
                Optional.empty(),
                tableMetadata.getComment(),
                "parquet",
                DeltaSchemaCodec.serialize(schema),
                partitionedBy,
                configuration.buildOrThrow(),
                Optional.of(System.currentTimeMillis())), columnMapping);

        Optional<Location> requestedLocation = LakehouseTableProperties.getLocation(properties).map(Warehouse::toLocation);
        Location defaultLocation = warehouse.defaultTableLocation(name);
        // a table registered from elsewhere stays where it is when CREATE OR REPLACE gives no location
        Optional<Location> registered = warehouse.findTable(session, name);
        Location location = requestedLocation.orElseGet(() -> registered.orElse(defaultLocation));
        boolean exists = registered.isPresent() || logAccess.transactionLog(session, location).exists();
        List<LakehouseColumnHandle> handles = TableColumns.columnHandles(metadata, typeManager);
        List<String> clusteredBy = TableClustering.resolve(LakehouseTableProperties.getClusteredBy(properties), handles, LakehouseTableProperties.CLUSTERED_BY, LAKEHOUSE_INVALID_TABLE_PROPERTY);
        if (!clusteredBy.isEmpty() && !partitionedBy.isEmpty()) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "A table cannot be both partitioned and clustered (the Delta protocol forbids it); drop partitioned_by or clustered_by");
        }
        ProtocolEntry protocol = protocolFor(columns, !clusteredBy.isEmpty());
        if (columnMapping != ColumnMappingMode.NONE) {
            protocol = TableFeatures.withColumnMapping(protocol);
        }
        for (FeatureFlag flag : FeatureFlag.values()) {
            if (flag.isSet(properties)) {
                metadata = flag.configure(metadata, true);
                protocol = flag.protocol(protocol, true);
            }
        }
        return new NewTable(name, location, !location.equals(defaultLocation), exists, protocol, metadata, clusteredBy, checkpointInterval);
    }

    private static ProtocolEntry protocolFor(List<ColumnMetadata> columns, boolean clustered)
    {
        boolean usesTimestampNtz = columns.stream().anyMatch(column -> TableColumns.containsTimestampNtz(column.getType()));
        ProtocolEntry protocol = usesTimestampNtz
                ? new ProtocolEntry(3, 7, Optional.of(Set.of(TableFeatures.TIMESTAMP_NTZ)), Optional.of(Set.of(TableFeatures.TIMESTAMP_NTZ)))
                : ProtocolEntry.legacy(1, 2);
        return clustered ? TableClustering.protocol(protocol) : protocol;
    }

    private static void validatePartitioning(List<ColumnMetadata> columns, List<String> partitionedBy)
    {
        Map<String, Type> types = columns.stream().collect(ImmutableMap.toImmutableMap(ColumnMetadata::getName, ColumnMetadata::getType, (first, _) -> first));
        Set<String> seen = new HashSet<>();
        for (String column : partitionedBy) {
            Type type = types.get(column);
            if (type == null) {
                throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, format("partitioned_by names column '%s', which the table does not have; columns are %s", column, types.keySet()));
            }
            if (!seen.add(column)) {
                throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, format("partitioned_by lists column '%s' twice", column));
            }
            if (!PartitionValues.isSupportedPartitionType(type)) {
                throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, format("Column '%s' of type %s cannot be a partition column; partition by a column of a primitive type", column, type));
            }
        }
        if (!partitionedBy.isEmpty() && partitionedBy.size() == columns.size()) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "partitioned_by cannot list every column: a table needs at least one data column");
        }
    }

    private long commit(ConnectorSession session, Location location, CommitRequest request, int checkpointInterval)
    {
        return logAccess.commit(session, location, request, checkpointInterval);
    }

    private static CommitInfoEntry commitInfo(ConnectorSession session, String operation, boolean blindAppend)
    {
        return SessionCommitInfo.of(session, operation, ImmutableMap.of(), blindAppend);
    }
}
