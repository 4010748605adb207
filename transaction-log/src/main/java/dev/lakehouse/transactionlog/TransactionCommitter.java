package dev.lakehouse.transactionlog;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.ActionJsonCodec;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.checkpoint.CheckpointWriter;
import dev.lakehouse.transactionlog.retention.LogCleanup;
import dev.lakehouse.transactionlog.retention.TableRetention;
import dev.lakehouse.transactionlog.store.LogStore;
import io.airlift.log.Logger;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.TrinoException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_CONCURRENT_MODIFICATION;
import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static java.lang.String.format;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The one commit path: writes the next {@code NNN.json} with put-if-absent. When another writer won the
 * version, its commit is checked for a real conflict; without one the same actions are tried at the next version.
 * A commit whose outcome is unknown (an I/O error) is never cleaned up or retried.
 */
public final class TransactionCommitter
{
    private static final Logger log = Logger.get(TransactionCommitter.class);
    private static final int MAX_ATTEMPTS = 1000;
    public static final String LAST_CHECKPOINT_FILE = "_last_checkpoint";

    private final TrinoFileSystem fileSystem;
    private final TransactionLog transactionLog;
    private final LogStore logStore;
    private final CheckpointWriter checkpointWriter;

    public TransactionCommitter(TrinoFileSystem fileSystem, TransactionLog transactionLog, LogStore logStore, CheckpointWriter checkpointWriter)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.transactionLog = requireNonNull(transactionLog, "transactionLog is null");
        this.logStore = requireNonNull(logStore, "logStore is null");
        this.checkpointWriter = requireNonNull(checkpointWriter, "checkpointWriter is null");
    }

    /**
     * @return the version that was committed
     */
    public long commit(CommitRequest request, int checkpointInterval)
    {
        long version = request.readVersion().orElse(-1) + 1;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Location commitFile = transactionLog.commitLocation(version);
            try {
                logStore.createExclusive(commitFile, serialize(request, version));
                checkpointIfDue(version, checkpointInterval);
                return version;
            }
            catch (FileAlreadyExistsException e) {
                if (request.createsTable()) {
                    throw new TrinoException(LAKEHOUSE_CONCURRENT_MODIFICATION, format("Cannot create table at %s: another transaction created a table there at the same time", transactionLog.tableLocation()));
                }
                List<DeltaAction> winning = transactionLog.readCommit(version);
                Optional<String> conflict = ConflictChecker.findConflict(request, version, winning);
                if (conflict.isPresent()) {
                    String operation = winning.stream()
                            .filter(CommitInfoEntry.class::isInstance)
                            .map(action -> " (a " + ((CommitInfoEntry) action).operation() + ")")
                            .findFirst().orElse("");
                    throw new TrinoException(LAKEHOUSE_CONCURRENT_MODIFICATION, format("Transaction conflicts with a concurrent commit to %s: %s%s. Run the statement again", transactionLog.tableLocation(), conflict.get(), operation));
                }
                version++;
            }
            catch (IOException e) {
                throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, format("Failed to write commit %s; the outcome of the commit is unknown: %s", commitFile, e.getMessage()), e);
            }
        }
        throw new TrinoException(LAKEHOUSE_CONCURRENT_MODIFICATION, format("Gave up committing to %s after %s concurrent commits won the race", transactionLog.tableLocation(), MAX_ATTEMPTS));
    }

    private static byte[] serialize(CommitRequest request, long version)
    {
        CommitInfoEntry info = request.commitInfo();
        CommitInfoEntry commitInfo = new CommitInfoEntry(
                System.currentTimeMillis(),
                info.operation(),
                info.operationParameters(),
                info.operationMetrics(),
                info.userName(),
                info.queryId(),
                info.engineInfo(),
                version == 0 ? Optional.empty() : request.readVersion().isPresent() ? Optional.of(request.readVersion().getAsLong()) : Optional.empty(),
                info.isolationLevel(),
                info.isBlindAppend());
        StringBuilder content = new StringBuilder();
        content.append(ActionJsonCodec.serialize(commitInfo)).append('\n');
        // protocol and metadata first, then the file actions, as other writers do
        List<DeltaAction> ordered = ImmutableList.<DeltaAction>builder()
                .addAll(request.actions().stream().filter(ProtocolEntry.class::isInstance).toList())
                .addAll(request.actions().stream().filter(MetadataEntry.class::isInstance).toList())
                .addAll(request.actions().stream().filter(action -> !(action instanceof ProtocolEntry) && !(action instanceof MetadataEntry)).toList())
                .build();
        for (DeltaAction action : ordered) {
            content.append(ActionJsonCodec.serialize(action)).append('\n');
        }
        return content.toString().getBytes(UTF_8);
    }

    private void checkpointIfDue(long version, int checkpointInterval)
    {
        if (version == 0 || checkpointInterval <= 0 || version % checkpointInterval != 0) {
            return;
        }
        TableSnapshot snapshot;
        try {
            snapshot = transactionLog.loadSnapshot(version);
            writeCheckpoint(snapshot);
        }
        catch (RuntimeException e) {
            // the commit succeeded; a missing checkpoint only makes later reads replay more commits
            log.warn(e, "Failed to write checkpoint for version %s of %s", version, transactionLog.tableLocation());
            return;
        }
        cleanUpExpiredLog(snapshot.metadata());
    }

    /**
     * After a checkpoint, as Delta writers do: the log files older than the table's log retention go, unless the
     * table turned that off with {@code delta.enableExpiredLogCleanup=false}.
     */
    public void cleanUpExpiredLog(MetadataEntry metadata)
    {
        if (!TableRetention.expiredLogCleanupEnabled(metadata)) {
            return;
        }
        try {
            new LogCleanup(fileSystem, transactionLog).run(TableRetention.logRetention(metadata), Instant.now());
        }
        catch (RuntimeException e) {
            // the log stays readable; the files go at a later checkpoint
            log.warn(e, "Failed to remove expired log files of %s", transactionLog.tableLocation());
        }
    }

    public void writeCheckpoint(TableSnapshot snapshot)
    {
        Location checkpointFile = transactionLog.logLocation().appendPath(LogFile.checkpointFileName(snapshot.version()));
        long actions = checkpointWriter.write(fileSystem, checkpointFile, snapshot);
        String lastCheckpoint = format("{\"version\":%s,\"size\":%s}", snapshot.version(), actions);
        try {
            fileSystem.newOutputFile(transactionLog.logLocation().appendPath(LAST_CHECKPOINT_FILE)).createOrOverwrite(lastCheckpoint.getBytes(UTF_8));
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to write " + LAST_CHECKPOINT_FILE + " of " + transactionLog.tableLocation(), e);
        }
    }
}
