package dev.lakehouse.transactionlog.clone;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.StorageLocations;
import dev.lakehouse.transactionlog.TransactionLog;
import io.trino.filesystem.FileEntry;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoInputFile;
import io.trino.filesystem.TrinoInputStream;
import io.trino.spi.TrinoException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static java.util.Objects.requireNonNull;

/**
 * The bookkeeping of shallow clones, kept in a folder of each table's log ({@code _delta_log/_lakehouse/clones/})
 * where log readers and other engines' vacuums do not look: a source table holds one {@link CloneRegistration} per
 * clone ({@code clone-<id>.json}), a clone lists the sources it registered with ({@code origins.json}), so that
 * dropping or renaming the clone can update them. Vacuum reads the registrations to spare what clones still use.
 */
public final class CloneRegistry
{
    // beside the connector's other bookkeeping in the log folder (column statistics)
    static final String FOLDER = "_lakehouse/clones";
    private static final String ORIGINS = "origins.json";
    private static final String REGISTRATION_PREFIX = "clone-";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TrinoFileSystem fileSystem;

    public CloneRegistry(TrinoFileSystem fileSystem)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
    }

    public void register(Location source, CloneRegistration registration)
    {
        write(registrationLocation(source, registration.cloneTableId()), registration);
    }

    public void unregister(Location source, String cloneTableId)
    {
        try {
            fileSystem.deleteFile(registrationLocation(source, cloneTableId));
        }
        catch (FileNotFoundException _) {
            // already gone
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to remove the registration of clone %s from %s: %s".formatted(cloneTableId, source, e.getMessage()), e);
        }
    }

    public Optional<CloneRegistration> registration(Location source, String cloneTableId)
    {
        return read(registrationLocation(source, cloneTableId), new TypeReference<>() {});
    }

    /**
     * Every clone registered with {@code source}, whether or not it still exists.
     */
    public List<CloneRegistration> registrations(Location source)
    {
        ImmutableList.Builder<CloneRegistration> registrations = ImmutableList.builder();
        for (FileEntry file : StorageLocations.listFiles(fileSystem, folder(source), "clone registrations")) {
            if (file.location().fileName().startsWith(REGISTRATION_PREFIX)) {
                read(file.location(), new TypeReference<CloneRegistration>() {}).ifPresent(registrations::add);
            }
        }
        return registrations.build();
    }

    /**
     * The source tables {@code clone} registered with when it was made; empty for a table that is no clone.
     */
    public List<String> origins(Location clone)
    {
        return read(folder(clone).appendPath(ORIGINS), new TypeReference<List<String>>() {}).orElse(List.of());
    }

    public void writeOrigins(Location clone, List<String> sources)
    {
        write(folder(clone).appendPath(ORIGINS), sources);
    }

    public static Location folder(Location table)
    {
        return table.appendPath(TransactionLog.LOG_DIRECTORY + "/" + FOLDER);
    }

    private static Location registrationLocation(Location source, String cloneTableId)
    {
        return folder(source).appendPath(REGISTRATION_PREFIX + cloneTableId + ".json");
    }

    private void write(Location location, Object value)
    {
        try {
            fileSystem.newOutputFile(location).createOrOverwrite(MAPPER.writeValueAsBytes(value));
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to write clone bookkeeping file %s: %s".formatted(location, e.getMessage()), e);
        }
    }

    private <T> Optional<T> read(Location location, TypeReference<T> type)
    {
        TrinoInputFile file = fileSystem.newInputFile(location);
        try (TrinoInputStream input = file.newStream()) {
            return Optional.of(MAPPER.readValue(input.readAllBytes(), type));
        }
        catch (FileNotFoundException _) {
            return Optional.empty();
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to read clone bookkeeping file %s: %s".formatted(location, e.getMessage()), e);
        }
    }
}
