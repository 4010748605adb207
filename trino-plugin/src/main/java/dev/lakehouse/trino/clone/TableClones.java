package dev.lakehouse.trino.clone;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.lakehouse.transactionlog.CommitRequest;
import dev.lakehouse.transactionlog.NormalizedPath;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.clone.CloneProtection;
import dev.lakehouse.transactionlog.clone.CloneRegistration;
import dev.lakehouse.transactionlog.clone.CloneRegistry;
import dev.lakehouse.transactionlog.clone.ShallowClone;
import dev.lakehouse.trino.DataFileChecks;
import dev.lakehouse.trino.LakehouseConfig;
import dev.lakehouse.trino.LakehouseTableProperties;
import dev.lakehouse.trino.SessionCommitInfo;
import dev.lakehouse.trino.TransactionLogAccess;
import io.airlift.log.Logger;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoInputStream;
import io.trino.filesystem.TrinoOutputFile;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SchemaTableName;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static java.util.Objects.requireNonNull;

/**
 * Shallow clones: making one ({@link #cloneTable}), and keeping the bookkeeping that lets vacuum spare the files clones
 * read when a table's folder is deleted or moved: a table whose files live clones read cannot be dropped or moved,
 * and a clone that is dropped or moved tells its sources.
 */
public final class TableClones
{
    private static final Logger log = Logger.get(TableClones.class);

    private final TransactionLogAccess logAccess;
    private final int defaultCheckpointInterval;

    @Inject
    public TableClones(TransactionLogAccess logAccess, LakehouseConfig config)
    {
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
        this.defaultCheckpointInterval = config.getDefaultCheckpointInterval();
    }

    /**
     * Commits the first version of a new table at {@code target} that reads the files of {@code source}'s version
     * {@code sourceSnapshot} where they are. The source (and, for a clone of a clone, the tables the source itself
     * reads from) records the clone before it is committed, so that no vacuum running meanwhile can take its files.
     *
     * @return the clone's version, 0
     */
    public long cloneTable(ConnectorSession session, SchemaTableName sourceName, Location source, TableSnapshot sourceSnapshot, Location target)
    {
        TrinoFileSystem fileSystem = logAccess.fileSystem(session);
        requireFilesExist(session, sourceName, source, sourceSnapshot, fileSystem);

        String cloneTableId = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        ShallowClone clone = ShallowClone.of(sourceSnapshot, target, cloneTableId, now);
        CloneRegistry registry = new CloneRegistry(fileSystem);
        List<String> origins = Stream.concat(Stream.of(source.toString()), registry.origins(source).stream()).distinct().collect(ImmutableList.toImmutableList());
        CloneRegistration registration = new CloneRegistration(cloneTableId, target.toString(), sourceSnapshot.version(), now, clone.sharedFiles());
        origins.forEach(origin -> registry.register(Location.of(origin), registration));
        try {
            clone.deletionVectorCopies().forEach((from, to) -> copy(fileSystem, from, to));
            Map<String, String> parameters = ImmutableMap.of("source", source.toString(), "sourceVersion", String.valueOf(sourceSnapshot.version()), "isShallow", "true");
            CommitInfoEntry commitInfo = SessionCommitInfo.of(session, "CLONE", parameters, false).forOperation("CLONE", parameters, ImmutableMap.of(
                    "sourceNumOfFiles", String.valueOf(sourceSnapshot.activeFiles().size()),
                    "sourceTableSize", String.valueOf(sourceSnapshot.activeFiles().stream().mapToLong(AddFileEntry::size).sum()),
                    "numCopiedFiles", String.valueOf(clone.deletionVectorCopies().size())));
            int checkpointInterval = LakehouseTableProperties.checkpointInterval(sourceSnapshot.metadata(), defaultCheckpointInterval);
            long version = logAccess.commit(session, target, new CommitRequest(OptionalLong.empty(), commitInfo, clone.actions(), false), checkpointInterval);
            registry.writeOrigins(target, origins);
            return version;
        }
        catch (RuntimeException e) {
            // a failed commit may still have written the clone's first version: its sources keep its files then
            if (!CloneProtection.isLive(logAccess.transactionLog(session, target), registration)) {
                origins.forEach(origin -> unregisterQuietly(registry, Location.of(origin), cloneTableId));
            }
            throw e;
        }
    }

    /**
     * Refuses to delete or move the folder of a table whose own files live clones still read.
     *
     * @param action what is about to happen to the folder, for the message ("drop", "rename")
     */
    public void beforeFolderChange(ConnectorSession session, SchemaTableName name, Location location, String action)
    {
        TrinoFileSystem fileSystem = logAccess.fileSystem(session);
        TransactionLog log = logAccess.transactionLog(session, location);
        NormalizedPath folder = NormalizedPath.of(location);
        List<String> liveClones = new CloneRegistry(fileSystem).registrations(location).stream()
                // a clone of a clone may read none of the middle table's own files
                .filter(registration -> registration.files().stream().anyMatch(file -> NormalizedPath.of(Location.of(file)).relativeTo(folder).isPresent()))
                .filter(registration -> CloneProtection.isLive(log.ofTable(Location.of(registration.cloneLocation())), registration))
                .map(CloneRegistration::cloneLocation)
                .toList();
        if (!liveClones.isEmpty()) {
            throw new TrinoException(NOT_SUPPORTED, ("Cannot %s table %s: shallow clones at %s read its data files in place, and would lose them. " +
                    "Drop those clones first, or make each an independent copy with CREATE TABLE ... AS SELECT and drop the clone").formatted(action, name, liveClones));
        }
    }

    /**
     * What must be read about a table before its folder is deleted, to forget it as a clone afterwards: empty for a
     * table that is no clone (or whose log cannot be read: its sources then keep its files, which is safe).
     */
    public Optional<CloneIdentity> cloneIdentity(ConnectorSession session, Location location)
    {
        List<String> origins = new CloneRegistry(logAccess.fileSystem(session)).origins(location);
        if (origins.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CloneIdentity(logAccess.latestSnapshot(session, location).metadata().id(), origins));
        }
        catch (TrinoException e) {
            log.warn(e, "Could not read clone at %s; its sources keep its files", location);
            return Optional.empty();
        }
    }

    /**
     * After a clone's folder was deleted: the tables it was cloned from no longer keep files for it.
     */
    public void forgetDroppedClone(ConnectorSession session, Location clone, CloneIdentity identity)
    {
        CloneRegistry registry = new CloneRegistry(logAccess.fileSystem(session));
        identity.origins().forEach(origin -> unregisterQuietly(registry, Location.of(origin), identity.tableId()));
        log.info("Dropped clone %s at %s is no longer registered with %s", identity.tableId(), clone, identity.origins());
    }

    /**
     * A clone's table id and the tables it reads files from.
     */
    public record CloneIdentity(String tableId, List<String> origins) {}

    /**
     * After a clone's folder moved: its sources keep files for it at its new place.
     */
    public void movedClone(ConnectorSession session, Location from, Location to)
    {
        CloneRegistry registry = new CloneRegistry(logAccess.fileSystem(session));
        String tableId = logAccess.latestSnapshot(session, to).metadata().id();
        for (String origin : registry.origins(to)) {
            registry.registration(Location.of(origin), tableId)
                    .ifPresent(registration -> registry.register(Location.of(origin), registration.withCloneLocation(to.toString())));
        }
        log.info("Clone %s moved from %s to %s", tableId, from, to);
    }

    private void requireFilesExist(ConnectorSession session, SchemaTableName sourceName, Location source, TableSnapshot sourceSnapshot, TrinoFileSystem fileSystem)
    {
        // the latest version's files exist; an older version's files may have been vacuumed
        Set<NormalizedPath> current = logAccess.latestSnapshot(session, source).activeFiles().stream()
                .map(file -> NormalizedPath.of(sourceSnapshot.dataFileLocation(file.path())))
                .collect(Collectors.toSet());
        for (AddFileEntry file : sourceSnapshot.activeFiles()) {
            Location location = sourceSnapshot.dataFileLocation(file.path());
            if (!current.contains(NormalizedPath.of(location))) {
                DataFileChecks.requireExists(fileSystem, location, () -> ("Cannot clone version %s of table %s: its data file %s no longer exists (vacuum deletes the files only " +
                        "versions older than its retention use); clone a version within the retention").formatted(sourceSnapshot.version(), sourceName, location));
            }
        }
    }

    private static void copy(TrinoFileSystem fileSystem, Location from, Location to)
    {
        TrinoOutputFile output = fileSystem.newOutputFile(to);
        try (TrinoInputStream input = fileSystem.newInputFile(from).newStream();
                OutputStream stream = output.create()) {
            input.transferTo(stream);
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to copy deletion vector %s to %s: %s".formatted(from, to, e.getMessage()), e);
        }
    }

    private static void unregisterQuietly(CloneRegistry registry, Location source, String cloneTableId)
    {
        try {
            registry.unregister(source, cloneTableId);
        }
        catch (RuntimeException e) {
            log.warn(e, "Could not remove the registration of clone %s from %s; vacuum of that table keeps the clone's files", cloneTableId, source);
        }
    }
}
