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
import java.util.OptionalLong;
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

    private record SnapshotKey(String location, long version, long versionTimestamp) {}

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
        List<LogFile> files = log.listLogFiles();
        OptionalLong latest = TransactionLog.latestVersion(files);
        if (latest.isEmpty()) {
            // let the log produce its "no table here" error
            return log.loadSnapshot(files, OptionalLong.empty());
        }
        return cached(tableLocation, latest.getAsLong(), TransactionLog.versionTimestamp(files, latest.getAsLong()), () -> log.loadSnapshot(files, latest));
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
