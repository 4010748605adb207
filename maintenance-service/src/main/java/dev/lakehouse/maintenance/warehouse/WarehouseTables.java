package dev.lakehouse.maintenance.warehouse;

import com.google.inject.Inject;
import dev.lakehouse.maintenance.MaintenanceConfig;
import dev.lakehouse.transactionlog.StorageLocations;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.checkpoint.CheckpointReader;
import dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointReader;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.filesystem.TrinoInputFile;
import io.trino.filesystem.TrinoInputStream;
import io.trino.spi.security.ConnectorIdentity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The tables of the warehouse, found the way the lakehouse catalog finds them: a schema is a sub-folder of the
 * warehouse, a table a sub-folder of its schema holding {@code _delta_log/}, or a pointer file
 * {@code _lakehouse_table_location} naming the table's real location (tables created with a {@code location}
 * or added with {@code register_table}). Everything is read on each call; nothing is cached.
 */
public final class WarehouseTables
{
    static final String LOCATION_POINTER = "_lakehouse_table_location";
    private static final ConnectorIdentity SERVICE_IDENTITY = ConnectorIdentity.ofUser("lakehouse-maintenance");

    private final Location root;
    private final TrinoFileSystemFactory fileSystemFactory;
    private final CheckpointReader checkpointReader = new ParquetCheckpointReader();

    @Inject
    public WarehouseTables(MaintenanceConfig config, TrinoFileSystemFactory fileSystemFactory)
    {
        this.root = toLocation(config.getWarehouse());
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
    }

    /**
     * A plain path is a local folder (a relative one resolves against the working directory); anything with a
     * scheme is used as it is.
     */
    public static Location toLocation(String warehouse)
    {
        return StorageLocations.fromUserValue(warehouse);
    }

    public Location root()
    {
        return root;
    }

    /**
     * Every table of the warehouse with its location, ordered by name.
     */
    public Map<TableName, Location> listTableLocations()
    {
        TrinoFileSystem fileSystem = fileSystem();
        Map<TableName, Location> tables = new TreeMap<>();
        for (String schema : listVisibleFolders(fileSystem, root)) {
            Location schemaFolder = root.appendPath(schema);
            for (String table : listVisibleFolders(fileSystem, schemaFolder)) {
                resolveTable(fileSystem, schemaFolder.appendPath(table))
                        .ifPresent(location -> tables.put(new TableName(schema, table), location));
            }
        }
        return tables;
    }

    public Optional<Location> findTable(TableName name)
    {
        if (!name.isVisible()) {
            return Optional.empty();
        }
        return resolveTable(fileSystem(), root.appendPath(name.schema()).appendPath(name.table()));
    }

    /**
     * Every table with its latest version; a table whose log cannot be read is listed with the problem.
     */
    public List<TableSummary> listTables()
    {
        return listTableLocations().entrySet().stream()
                .map(table -> summarize(table.getKey(), table.getValue()))
                .collect(toImmutableList());
    }

    public Optional<TableSummary> getTable(TableName name)
    {
        return findTable(name).map(location -> summarize(name, location));
    }

    public TransactionLog transactionLog(Location location)
    {
        return new TransactionLog(fileSystem(), location, checkpointReader);
    }

    public TrinoFileSystem fileSystem()
    {
        return fileSystemFactory.create(SERVICE_IDENTITY);
    }

    private TableSummary summarize(TableName name, Location location)
    {
        try {
            return TableSummary.of(name, transactionLog(location).loadLatestSnapshot());
        }
        catch (RuntimeException e) {
            // one damaged table must not hide the others
            return TableSummary.unreadable(name, location, "Cannot read the transaction log: " + e.getMessage());
        }
    }

    /**
     * The location of the table in {@code folder}: the folder itself when it holds a transaction log, the location
     * its pointer file names, or empty when the folder is no table.
     */
    private static Optional<Location> resolveTable(TrinoFileSystem fileSystem, Location folder)
    {
        try {
            if (TransactionLog.existsAt(fileSystem, folder)) {
                return Optional.of(folder);
            }
            TrinoInputFile pointer = fileSystem.newInputFile(folder.appendPath(LOCATION_POINTER));
            if (!pointer.exists()) {
                return Optional.empty();
            }
            try (TrinoInputStream input = pointer.newStream()) {
                return Optional.of(Location.of(new String(input.readAllBytes(), UTF_8).strip()));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to read table folder %s: %s".formatted(folder, e.getMessage()), e);
        }
    }

    private static List<String> listVisibleFolders(TrinoFileSystem fileSystem, Location parent)
    {
        try {
            return fileSystem.listDirectories(parent).stream()
                    .map(WarehouseTables::folderName)
                    .filter(TableName::isVisibleName)
                    .sorted()
                    .collect(toImmutableList());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to list folder %s: %s".formatted(parent, e.getMessage()), e);
        }
    }

    private static String folderName(Location folder)
    {
        String path = folder.path().replaceAll("/+$", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
