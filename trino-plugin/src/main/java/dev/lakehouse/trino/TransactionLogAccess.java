package dev.lakehouse.trino;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.inject.Inject;
import dev.lakehouse.transactionlog.CommitRequest;
import dev.lakehouse.transactionlog.LogFile;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.TransactionCommitter;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.checkpoint.CheckpointReader;
import dev.lakehouse.transactionlog.checkpoint.CheckpointWriter;
import dev.lakehouse.transactionlog.store.FileSystemLogStore;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.spi.connector.ConnectorSession;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import static com.google.common.base.Throwables.throwIfUnchecked;
import static java.util.Objects.requireNonNull;

/**
 * Entry point of the connector into the transaction log. Snapshots are immutable once a version is committed,
 * so they are cached by table location, version and the version's commit time (which tells a table dropped and
 * created again at the same location apart): planning and split enumeration read the log once.
 */
public final class TransactionLogAccess
{
    private final TrinoFileSystemFactory fileSystemFactory;
    private final CheckpointReader checkpointReader;
    private final CheckpointWriter checkpointWriter;
    private final Cache<SnapshotKey, TableSnapshot> snapshots = CacheBuilder.newBuilder()
            .maximumSize(64)
            .build();

    // the newest snapshot read of each table, from which the next read of its latest version advances
    private final Map<String, SnapshotKey> latestKnown = new ConcurrentHashMap<>();

    private record SnapshotKey(String location, long version, long versionTimestamp) {}

    // beyond this many new commits, listing the log and starting from its checkpoint is cheaper than reading them all
    private static final int MAX_COMMITS_TO_ADVANCE = 100;

    @Inject
    public TransactionLogAccess(TrinoFileSystemFactory fileSystemFactory, CheckpointReader checkpointReader, CheckpointWriter checkpointWriter)
    {
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.checkpointReader = requireNonNull(checkpointReader, "checkpointReader is null");
        this.checkpointWriter = requireNonNull(checkpointWriter, "checkpointWriter is null");
    }

    public TrinoFileSystem fileSystem(ConnectorSession session)
    {
        return fileSystemFactory.create(session);
    }

    public TransactionLog transactionLog(ConnectorSession session, Location tableLocation)
    {
        return new TransactionLog(fileSystem(session), tableLocation, checkpointReader);
    }

    public TableSnapshot latestSnapshot(ConnectorSession session, Location tableLocation)
    {
        TransactionLog log = transactionLog(session, tableLocation);
        Optional<TableSnapshot> advanced = advanceKnown(log, tableLocation);
        if (advanced.isPresent()) {
            return advanced.get();
        }
        List<LogFile> files = log.listLogFiles();
        OptionalLong latest = TransactionLog.latestVersion(files);
        if (latest.isEmpty()) {
            // let the log produce its "no table here" error
            return log.loadSnapshot(files, OptionalLong.empty());
        }
        TableSnapshot snapshot = cached(tableLocation, latest.getAsLong(), TransactionLog.versionTimestamp(files, latest.getAsLong()), () -> log.loadSnapshot(files, latest));
        remember(tableLocation, snapshot);
        return snapshot;
    }

    /**
     * The latest snapshot from the newest one read before, when that is still the table's (its commit was not
     * replaced by a table created anew at the location): one look for the next commit when nothing changed, and the
     * new commits alone otherwise, instead of listing a log that a stream of small commits makes long.
     */
    private Optional<TableSnapshot> advanceKnown(TransactionLog log, Location tableLocation)
    {
        SnapshotKey known = latestKnown.get(tableLocation.toString());
        TableSnapshot knownSnapshot = known == null ? null : snapshots.getIfPresent(known);
        if (knownSnapshot == null || !log.commitModificationTime(known.version()).equals(OptionalLong.of(known.versionTimestamp()))) {
            return Optional.empty();
        }
        List<LogFile> newer = log.commitsAfter(known.version(), MAX_COMMITS_TO_ADVANCE);
        if (newer.isEmpty()) {
            return Optional.of(knownSnapshot);
        }
        if (newer.size() == MAX_COMMITS_TO_ADVANCE) {
            return Optional.empty();
        }
        LogFile last = newer.getLast();
        TableSnapshot snapshot = cached(tableLocation, last.version(), last.modificationTime(), () -> log.advance(knownSnapshot, newer, last.version(), (_, _) -> {}));
        remember(tableLocation, snapshot);
        return Optional.of(snapshot);
    }

    private void remember(Location tableLocation, TableSnapshot snapshot)
    {
        latestKnown.put(tableLocation.toString(), new SnapshotKey(tableLocation.toString(), snapshot.version(), snapshot.timestamp()));
    }

    /**
     * The snapshot a table handle was planned with.
     */
    public TableSnapshot snapshot(ConnectorSession session, LakehouseTableHandle table)
    {
        return snapshot(session, Location.of(table.location()), table.version(), table.versionTimestamp());
    }

    /**
     * The snapshot a table handle was planned with.
     */
    public TableSnapshot snapshot(ConnectorSession session, Location tableLocation, long version, long versionTimestamp)
    {
        return cached(tableLocation, version, versionTimestamp, () -> transactionLog(session, tableLocation).loadSnapshot(version));
    }

    public TableSnapshot snapshotAtVersion(ConnectorSession session, Location tableLocation, long version)
    {
        TransactionLog log = transactionLog(session, tableLocation);
        List<LogFile> files = log.listLogFiles();
        if (files.stream().noneMatch(file -> file.version() == version)) {
            // let the log explain which versions exist
            return log.loadSnapshot(files, OptionalLong.of(version));
        }
        return cached(tableLocation, version, TransactionLog.versionTimestamp(files, version), () -> log.loadSnapshot(files, OptionalLong.of(version)));
    }

    public TableSnapshot snapshotAsOf(ConnectorSession session, Location tableLocation, long epochMillis)
    {
        TableSnapshot snapshot = transactionLog(session, tableLocation).loadSnapshotAsOf(epochMillis);
        snapshots.put(new SnapshotKey(tableLocation.toString(), snapshot.version(), snapshot.timestamp()), snapshot);
        return snapshot;
    }

    public long commit(ConnectorSession session, Location tableLocation, CommitRequest request, int checkpointInterval)
    {
        TrinoFileSystem fileSystem = fileSystem(session);
        TransactionLog log = new TransactionLog(fileSystem, tableLocation, checkpointReader);
        TransactionCommitter committer = new TransactionCommitter(fileSystem, log, FileSystemLogStore.forLocation(fileSystem, tableLocation), checkpointWriter);
        return committer.commit(request, checkpointInterval);
    }

    public void invalidate(Location tableLocation)
    {
        latestKnown.remove(tableLocation.toString());
        snapshots.asMap().keySet().removeIf(key -> key.location().equals(tableLocation.toString()));
    }

    private TableSnapshot cached(Location tableLocation, long version, long versionTimestamp, java.util.concurrent.Callable<TableSnapshot> loader)
    {
        try {
            return snapshots.get(new SnapshotKey(tableLocation.toString(), version, versionTimestamp), loader);
        }
        catch (ExecutionException | com.google.common.util.concurrent.UncheckedExecutionException e) {
            throwIfUnchecked(e.getCause());
            throw new RuntimeException(e.getCause());
        }
    }
}
