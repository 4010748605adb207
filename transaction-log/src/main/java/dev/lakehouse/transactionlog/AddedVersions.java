package dev.lakehouse.transactionlog;

import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The version whose commit added each data file of a table version, replayed from the commits (a checkpoint does not
 * say when its files came). A file keeps the version that first added it while it stays in the table: re-adding it
 * under the same path (new statistics, a new deletion vector, a compaction's {@code dataChange=false} re-add) does
 * not make it newer. When log cleanup removed commit 0, the files of the oldest checkpoint have no known version.
 */
public final class AddedVersions
{
    // a file of the oldest checkpoint when replay could not start at version 0
    private static final long UNKNOWN = -1;

    private final String tableId;
    private final long version;
    private final Map<String, Long> versionByPath;

    private AddedVersions(String tableId, long version, Map<String, Long> versionByPath)
    {
        this.tableId = requireNonNull(tableId, "tableId is null");
        this.version = version;
        this.versionByPath = versionByPath;
    }

    /**
     * Replays the log up to {@code snapshot}'s version, from version 0 when its commit is still there.
     */
    public static AddedVersions of(TransactionLog log, TableSnapshot snapshot)
    {
        List<LogFile> files = log.listLogFiles();
        boolean fromStart = files.stream().anyMatch(file -> file.kind() == LogFile.Kind.COMMIT && file.version() == 0);
        if (fromStart) {
            return new AddedVersions(snapshot.metadata().id(), -1, Map.of()).advance(log, snapshot);
        }
        long oldestCheckpoint = TransactionLog.oldestReadableVersion(files).orElse(snapshot.version());
        TableSnapshot start = oldestCheckpoint == snapshot.version() ? snapshot : log.loadSnapshot(files, OptionalLong.of(oldestCheckpoint));
        Map<String, Long> unknown = new HashMap<>();
        start.activeFiles().forEach(file -> unknown.put(file.path(), UNKNOWN));
        return new AddedVersions(snapshot.metadata().id(), start.version(), unknown).advance(log, snapshot);
    }

    /**
     * These versions carried forward to {@code snapshot}, reading only the commits after this one's version; a replay
     * anew when the snapshot is older or of another table at the same location.
     */
    public AddedVersions advance(TransactionLog log, TableSnapshot snapshot)
    {
        if (snapshot.version() == version && snapshot.metadata().id().equals(tableId)) {
            return this;
        }
        if (snapshot.version() < version || !snapshot.metadata().id().equals(tableId) && version >= 0) {
            return of(log, snapshot);
        }
        Map<String, Long> advanced = new HashMap<>(versionByPath);
        for (long commit = version + 1; commit <= snapshot.version(); commit++) {
            Set<String> removed = new HashSet<>();
            Set<String> added = new HashSet<>();
            for (DeltaAction action : log.readCommit(commit)) {
                switch (action) {
                    case RemoveFileEntry remove -> removed.add(remove.path());
                    case AddFileEntry add -> added.add(add.path());
                    default -> {}
                }
            }
            removed.stream().filter(path -> !added.contains(path)).forEach(advanced::remove);
            for (String path : added) {
                advanced.putIfAbsent(path, commit);
            }
        }
        return new AddedVersions(snapshot.metadata().id(), snapshot.version(), advanced);
    }

    public long version()
    {
        return version;
    }

    /**
     * The version that added the file the log names by {@code path}, or empty when its commit is gone.
     */
    public OptionalLong versionAdded(String path)
    {
        Long added = versionByPath.get(path);
        return added == null || added == UNKNOWN ? OptionalLong.empty() : OptionalLong.of(added);
    }
}
