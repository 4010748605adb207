package dev.lakehouse.trino.metadatatables;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.inject.Inject;
import dev.lakehouse.transactionlog.AddedVersions;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.LakehouseSessionProperties;
import dev.lakehouse.trino.TableColumns;
import dev.lakehouse.trino.TransactionLogAccess;
import dev.lakehouse.trino.Warehouse;
import io.trino.filesystem.Location;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.type.TypeManager;

import java.util.List;
import java.util.Optional;

import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static java.util.Objects.requireNonNull;

/**
 * The metadata tables of a table, {@code "t$<kind>"}, all read from its log and checkpoints, never from data files:
 * {@code $history} (a row per commit), {@code $properties} (configuration and protocol), {@code $files} (a row per
 * data file), {@code $partitions} (totals per partition), {@code $layout} (how well the files are laid out for
 * pruning).
 */
public final class MetadataTables
{
    private final Warehouse warehouse;
    private final TransactionLogAccess logAccess;
    private final TypeManager typeManager;
    // the version that added each file, per table: computed when $files' version_added is read, then carried forward
    private final Cache<String, AddedVersions> addedVersions = CacheBuilder.newBuilder().maximumSize(16).build();
    private final FilePagesCache filePages = new FilePagesCache();

    @Inject
    public MetadataTables(Warehouse warehouse, TransactionLogAccess logAccess, TypeManager typeManager)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
    }

    public Optional<SystemTable> systemTable(ConnectorSession session, SchemaTableName tableName)
    {
        int separator = tableName.getTableName().lastIndexOf('$');
        if (separator < 0) {
            return Optional.empty();
        }
        String kind = tableName.getTableName().substring(separator + 1);
        SchemaTableName baseName = new SchemaTableName(tableName.getSchemaName(), tableName.getTableName().substring(0, separator));
        Optional<Location> location = warehouse.findTable(session, baseName);
        if (location.isEmpty()) {
            return Optional.empty();
        }
        TableSnapshot snapshot = logAccess.latestSnapshot(session, location.get());
        List<LakehouseColumnHandle> columns = TableColumns.columnHandles(snapshot, typeManager);
        // what $layout and $partitions count as small
        long smallFileThreshold = LakehouseSessionProperties.getTargetFileSize(session).toBytes() / 2;
        return switch (kind) {
            case "history" -> Optional.of(new HistoryTable(tableName, logAccess.transactionLog(session, location.get()), snapshot.version(), typeManager));
            case "properties" -> Optional.of(new PropertiesTable(tableName, snapshot));
            case "files" -> Optional.of(new FilesTable(tableName, snapshot, columns.stream().collect(toImmutableMap(LakehouseColumnHandle::physicalName, LakehouseColumnHandle::name)),
                    () -> addedVersions(logAccess.transactionLog(session, location.get()), snapshot), filePages, typeManager));
            case "partitions" -> Optional.of(new PartitionsTable(tableName, snapshot, partitionColumns(snapshot, columns), smallFileThreshold));
            case "layout" -> Optional.of(new LayoutTable(tableName, snapshot, columns, smallFileThreshold));
            default -> Optional.empty();
        };
    }

    private AddedVersions addedVersions(TransactionLog log, TableSnapshot snapshot)
    {
        String key = log.tableLocation().toString();
        AddedVersions cached = addedVersions.getIfPresent(key);
        AddedVersions current = cached == null ? AddedVersions.of(log, snapshot) : cached.advance(log, snapshot);
        if (cached == null || current.version() > cached.version()) {
            addedVersions.put(key, current);
        }
        return current;
    }

    private static List<LakehouseColumnHandle> partitionColumns(TableSnapshot snapshot, List<LakehouseColumnHandle> columns)
    {
        return snapshot.metadata().partitionColumns().stream()
                .map(name -> columns.stream().filter(column -> column.name().equals(name)).findFirst().orElseThrow())
                .toList();
    }
}
