package dev.lakehouse.trino;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import dev.lakehouse.transactionlog.StorageLocations;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.trino.clone.TableClones;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.filesystem.TrinoInputStream;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SchemaNotFoundException;
import io.trino.spi.connector.SchemaTableName;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static dev.lakehouse.transactionlog.StorageLocations.fileExists;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static io.trino.spi.StandardErrorCode.SCHEMA_ALREADY_EXISTS;
import static io.trino.spi.StandardErrorCode.SCHEMA_NOT_EMPTY;
import static io.trino.spi.StandardErrorCode.TABLE_NOT_FOUND;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The catalog is a folder: a schema is a sub-folder of the warehouse, a table a sub-folder of its schema holding
 * {@code _delta_log/}. A table created elsewhere (the {@code location} property) leaves a small pointer file in
 * its folder in the warehouse instead.
 */
public final class Warehouse
{
    public static final int MAX_NAME_BYTES = 255;

    private static final String SCHEMA_MARKER = ".lakehouse-schema";
    static final String LOCATION_POINTER = "_lakehouse_table_location";

    private final Location root;
    private final TrinoFileSystemFactory fileSystemFactory;

    private final TableClones clones;

    @Inject
    public Warehouse(LakehouseConfig config, TrinoFileSystemFactory fileSystemFactory, TableClones clones)
    {
        this.root = toLocation(config.getWarehouse());
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.clones = requireNonNull(clones, "clones is null");
    }

    /**
     * A plain path is a local folder; anything with a scheme is used as it is.
     */
    public static Location toLocation(String value)
    {
        return StorageLocations.fromUserValue(value);
    }

    public Location schemaLocation(String schema)
    {
        return root.appendPath(schema);
    }

    public Location defaultTableLocation(SchemaTableName name)
    {
        return schemaLocation(name.getSchemaName()).appendPath(name.getTableName());
    }

    public List<String> listSchemas(ConnectorSession session)
    {
        return listFolders(fileSystemFactory.create(session), root);
    }

    public boolean schemaExists(ConnectorSession session, String schema)
    {
        return listSchemas(session).contains(schema);
    }

    /**
     * @throws SchemaNotFoundException unless the schema exists
     */
    public void requireSchema(ConnectorSession session, String schema)
    {
        if (!schemaExists(session, schema)) {
            throw new SchemaNotFoundException(schema);
        }
    }

    /**
     * Schema and table names are folder names in the warehouse, which file systems limit to 255 bytes.
     */
    public static void checkNameLength(String kind, String name)
    {
        int bytes = name.getBytes(UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw new TrinoException(NOT_SUPPORTED, "%s name must be at most %s bytes long (it names a folder of the warehouse), but %s has %s".formatted(kind, MAX_NAME_BYTES, name, bytes));
        }
    }

    public void createSchema(ConnectorSession session, String schema)
    {
        checkNameLength("Schema", schema);
        if (schemaExists(session, schema)) {
            throw new TrinoException(SCHEMA_ALREADY_EXISTS, "Schema already exists: " + schema);
        }
        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        try {
            fileSystem.createDirectory(schemaLocation(schema));
            // object stores have no empty folders: the marker makes the schema visible before its first table
            fileSystem.newOutputFile(schemaLocation(schema).appendPath(SCHEMA_MARKER)).createOrOverwrite(new byte[0]);
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to create schema folder " + schemaLocation(schema) + ": " + e.getMessage(), e);
        }
    }

    public void dropSchema(ConnectorSession session, String schema, boolean cascade)
    {
        requireSchema(session, schema);
        List<String> tables = listTables(session, schema);
        if (!tables.isEmpty() && !cascade) {
            throw new TrinoException(SCHEMA_NOT_EMPTY, "Schema %s still has tables %s; drop them first or use DROP SCHEMA ... CASCADE".formatted(schema, tables));
        }
        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        for (String table : tables) {
            SchemaTableName name = new SchemaTableName(schema, table);
            findTable(session, name).ifPresent(location -> dropTable(session, name, location));
        }
        try {
            fileSystem.deleteDirectory(schemaLocation(schema));
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to delete schema folder " + schemaLocation(schema) + ": " + e.getMessage(), e);
        }
    }

    public List<String> listTables(ConnectorSession session, String schema)
    {
        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        return listFolders(fileSystem, schemaLocation(schema)).stream()
                .filter(table -> isTableFolder(fileSystem, schemaLocation(schema).appendPath(table)))
                .collect(ImmutableList.toImmutableList());
    }

    public Optional<Location> findTable(ConnectorSession session, SchemaTableName name)
    {
        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        Location folder = defaultTableLocation(name);
        if (TransactionLog.existsAt(fileSystem, folder)) {
            return Optional.of(folder);
        }
        return readPointer(fileSystem, folder);
    }

    public void registerExternalTable(ConnectorSession session, SchemaTableName name, Location location)
    {
        try {
            fileSystemFactory.create(session).newOutputFile(defaultTableLocation(name).appendPath(LOCATION_POINTER)).createOrOverwrite(location.toString().getBytes(UTF_8));
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to register table %s at %s: %s".formatted(name, location, e.getMessage()), e);
        }
    }

    public void unregisterExternalTable(ConnectorSession session, SchemaTableName name)
    {
        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        Location folder = defaultTableLocation(name);
        if (readPointer(fileSystem, folder).isEmpty()) {
            throw new TrinoException(TABLE_NOT_FOUND, "Table %s is not a registered table; only tables added with register_table can be unregistered".formatted(name));
        }
        try {
            fileSystem.deleteDirectory(folder);
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to unregister table %s: %s".formatted(name, e.getMessage()), e);
        }
    }

    /**
     * Gives a table a new name: a table in the warehouse moves with its folder (its log names its files relative to
     * it, so nothing else changes), a table elsewhere gets its pointer under the new name.
     */
    public void renameTable(ConnectorSession session, SchemaTableName name, SchemaTableName newName, Location location)
    {
        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        Location folder = defaultTableLocation(name);
        if (!location.equals(folder)) {
            registerExternalTable(session, newName, location);
            try {
                fileSystem.deleteDirectory(folder);
            }
            catch (IOException e) {
                throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Table %s is now also named %s, but its old pointer could not be deleted: %s".formatted(name, newName, e.getMessage()), e);
            }
            return;
        }
        clones.beforeFolderChange(session, name, folder, "rename");
        try {
            fileSystem.renameDirectory(folder, defaultTableLocation(newName));
        }
        catch (IOException | UnsupportedOperationException e) {
            throw new TrinoException(NOT_SUPPORTED, "Cannot rename table %s: the warehouse's file system cannot rename its folder %s (%s). Object stores cannot rename folders; create the new table with CREATE TABLE ... AS SELECT instead"
                    .formatted(name, folder, e.getMessage()), e);
        }
        clones.movedClone(session, folder, defaultTableLocation(newName));
    }

    /**
     * Deletes a table in the warehouse with its data; for a table elsewhere, deletes only the pointer to it.
     */
    public void dropTable(ConnectorSession session, SchemaTableName name, Location location)
    {
        Location folder = defaultTableLocation(name);
        Optional<TableClones.CloneIdentity> clone = Optional.empty();
        if (location.equals(folder)) {
            clones.beforeFolderChange(session, name, folder, "drop");
            clone = clones.cloneIdentity(session, folder);
        }
        try {
            fileSystemFactory.create(session).deleteDirectory(folder);
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to delete table %s at %s: %s".formatted(name, location, e.getMessage()), e);
        }
        clone.ifPresent(identity -> clones.forgetDroppedClone(session, folder, identity));
    }

    private static boolean isTableFolder(TrinoFileSystem fileSystem, Location folder)
    {
        return TransactionLog.existsAt(fileSystem, folder) || fileExists(fileSystem, folder.appendPath(LOCATION_POINTER));
    }

    private static Optional<Location> readPointer(TrinoFileSystem fileSystem, Location folder)
    {
        Location pointer = folder.appendPath(LOCATION_POINTER);
        if (!fileExists(fileSystem, pointer)) {
            return Optional.empty();
        }
        try (TrinoInputStream input = fileSystem.newInputFile(pointer).newStream()) {
            return Optional.of(Location.of(new String(input.readAllBytes(), UTF_8).strip()));
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to read table pointer " + pointer + ": " + e.getMessage(), e);
        }
    }

    private static List<String> listFolders(TrinoFileSystem fileSystem, Location parent)
    {
        try {
            return fileSystem.listDirectories(parent).stream()
                    .map(location -> location.path().replaceAll("/+$", ""))
                    .map(path -> path.substring(path.lastIndexOf('/') + 1))
                    .filter(name -> !name.isEmpty() && !name.startsWith(".") && !name.startsWith("_"))
                    .sorted()
                    .collect(ImmutableList.toImmutableList());
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to list " + parent + ": " + e.getMessage(), e);
        }
    }
}
