package dev.lakehouse.maintenance.observe;

import com.google.inject.Inject;
import dev.lakehouse.maintenance.measure.Thresholds;
import dev.lakehouse.maintenance.warehouse.TableName;
import dev.lakehouse.maintenance.warehouse.WarehouseTables;
import dev.lakehouse.transactionlog.LogFile;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import io.trino.filesystem.Location;
import io.trino.spi.TrinoException;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Reads a table's log incrementally. A look at an unchanged table checks that the next commit does not exist (one
 * metadata call); a table with a few new commits reads them one after the other, checks that its previous version is
 * still the same commit, and learns of checkpoints written meanwhile from {@code _last_checkpoint}, without listing
 * {@code _delta_log/} (a listing of a log of 2,000 commits took tens of milliseconds on a local file system, on every
 * tick for every table being written). The log is listed when that is not enough: many new commits, a previous
 * version no longer there or rewritten, or a checkpoint that seems due. The first look (or one after log cleanup
 * removed commits the service had not read yet) loads the snapshot from the newest checkpoint.
 */
public final class TableObserver
{
    // more new commits than this, and one listing is cheaper than looking for each

    private final WarehouseTables warehouse;

    @Inject
    public TableObserver(WarehouseTables warehouse)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    public ObservedTable observe(TableName name, Location location, Optional<ObservedTable> previous, Instant now)
    {
        TransactionLog log = warehouse.transactionLog(location);
        Optional<ObservedTable> known = previous.filter(table -> table.snapshot().tableLocation().equals(location));
        if (known.isPresent()) {
            Optional<ObservedTable> advanced = advanceWithoutListing(log, name, known.get());
            if (advanced.isPresent()) {
                return advanced.get();
            }
        }
        List<LogFile> files = log.listLogFiles();
        OptionalLong latest = TransactionLog.latestVersion(files);
        if (latest.isEmpty()) {
            // the log explains that there is no table here
            log.loadSnapshot(files, OptionalLong.empty());
        }
        long version = latest.getAsLong();
        OptionalLong checkpoint = TransactionLog.completeCheckpointVersions(files).stream().mapToLong(Long::longValue).max();
        // the same table as before: not newer than the log, and its version still committed at the same time (a table
        // dropped and created again at the location is not)
        Optional<ObservedTable> usable = known.filter(table -> table.version() <= version && sameCommit(files, table));
        if (usable.isPresent()) {
            ObservedTable earlier = usable.get();
            if (earlier.version() == version && earlier.lastCheckpointVersion().equals(checkpoint)) {
                return earlier;
            }
            Changes changes = new Changes(earlier.tombstones(), earlier.lastVacuumAt());
            try {
                TableSnapshot snapshot = earlier.version() == version ? earlier.snapshot() : log.advance(earlier.snapshot(), files, version, changes::apply);
                return new ObservedTable(name, snapshot, checkpoint, changes.tombstones(), changes.lastVacuumAt(), earlier.firstObservedAt());
            }
            catch (TrinoException _) {
                // a commit it has not read is gone: read the table anew
            }
        }
        TableSnapshot snapshot = log.loadSnapshot(files, OptionalLong.of(version));
        // a first look knows the tombstones the checkpoint kept (those within the retention when it was written) and
        // reads the commits after it for their removes and vacuums: they are cheap to read
        Changes changes = new Changes(snapshot.tombstones().stream().map(Tombstone::of).toList(), Optional.empty());
        files.stream()
                .filter(file -> file.kind() == LogFile.Kind.COMMIT && file.version() > checkpoint.orElse(-1))
                .forEach(file -> log.readCommit(file.version()).forEach(action -> changes.apply(file.version(), action)));
        return new ObservedTable(name, snapshot, checkpoint, changes.tombstones(), changes.lastVacuumAt(), now);
    }

    /**
     * The table after the commits since the previous look, found without listing the log; empty when the log must be
     * listed to know.
     */
    private static Optional<ObservedTable> advanceWithoutListing(TransactionLog log, TableName name, ObservedTable earlier)
    {
        List<LogFile> commits = log.commitsAfter(earlier.version(), TransactionLog.COMMITS_PROBED_BEFORE_LISTING);
        if (commits.isEmpty()) {
            // unchanged; one that may be due for a checkpoint is listed, so that a checkpoint written since is seen
            return mayNeedCheckpoint(earlier) ? Optional.empty() : Optional.of(earlier);
        }
        // the same table as before: its version still committed at the same time (not a table dropped and created again)
        if (commits.size() == TransactionLog.COMMITS_PROBED_BEFORE_LISTING || !log.commitModificationTime(earlier.version()).equals(OptionalLong.of(earlier.snapshot().timestamp()))) {
            return Optional.empty();
        }
        long version = commits.getLast().version();
        Changes changes = new Changes(earlier.tombstones(), earlier.lastVacuumAt());
        TableSnapshot snapshot;
        try {
            snapshot = log.advance(earlier.snapshot(), commits, version, changes::apply);
        }
        catch (TrinoException _) {
            return Optional.empty();
        }
        OptionalLong checkpoint = earlier.lastCheckpointVersion();
        OptionalLong pointer = log.lastCheckpointPointer();
        if (pointer.isPresent() && pointer.getAsLong() <= version && (checkpoint.isEmpty() || pointer.getAsLong() > checkpoint.getAsLong())) {
            checkpoint = pointer;
        }
        ObservedTable advanced = new ObservedTable(name, snapshot, checkpoint, changes.tombstones(), changes.lastVacuumAt(), earlier.firstObservedAt());
        // a checkpoint that seems due is confirmed by a listing, which also sees checkpoints _last_checkpoint does not name
        return mayNeedCheckpoint(advanced) ? Optional.empty() : Optional.of(advanced);
    }

    private static boolean mayNeedCheckpoint(ObservedTable table)
    {
        return table.commitsSinceCheckpoint() >= table.snapshot().metadata().checkpointInterval(Thresholds.DEFAULT_CHECKPOINT_INTERVAL);
    }

    private static boolean sameCommit(List<LogFile> files, ObservedTable table)
    {
        return files.stream().anyMatch(file -> file.kind() == LogFile.Kind.COMMIT && file.version() == table.version())
                && TransactionLog.versionTimestamp(files, table.version()) == table.snapshot().timestamp();
    }

    /**
     * Tombstones and vacuums, as commits are read oldest first.
     */
    private static final class Changes
    {
        private final Map<String, Tombstone> tombstones = new LinkedHashMap<>();
        private Optional<Instant> lastVacuumAt;
        // the retention of the last VACUUM START read; unknown when its END is read on a later look
        private OptionalLong vacuumRetentionMillis = OptionalLong.empty();

        Changes(List<Tombstone> known, Optional<Instant> lastVacuumAt)
        {
            known.forEach(tombstone -> tombstones.put(tombstone.path(), tombstone));
            this.lastVacuumAt = lastVacuumAt;
        }

        void apply(long version, DeltaAction action)
        {
            switch (action) {
                case RemoveFileEntry remove -> tombstones.put(remove.path(), Tombstone.of(remove));
                case AddFileEntry add -> tombstones.remove(add.path());
                case CommitInfoEntry info when info.operation().equals("VACUUM START") ->
                        vacuumRetentionMillis = parseLong(info.operationParameters().get("specifiedRetentionMillis"));
                case CommitInfoEntry info when info.operation().equals("VACUUM END") -> {
                    Instant vacuumedAt = Instant.ofEpochMilli(info.timestamp());
                    lastVacuumAt = Optional.of(vacuumedAt);
                    // what that vacuum could delete is gone (or was spared for a reason this count cannot know); without its
                    // retention the tombstones stay, and the next vacuum, read whole, clears them
                    if (vacuumRetentionMillis.isPresent()) {
                        Instant threshold = vacuumedAt.minusMillis(vacuumRetentionMillis.getAsLong());
                        tombstones.values().removeIf(tombstone -> tombstone.removedAt().isBefore(threshold));
                    }
                    vacuumRetentionMillis = OptionalLong.empty();
                }
                default -> {}
            }
        }

        private static OptionalLong parseLong(String value)
        {
            try {
                return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
            }
            catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }

        List<Tombstone> tombstones()
        {
            return List.copyOf(tombstones.values());
        }

        Optional<Instant> lastVacuumAt()
        {
            return lastVacuumAt;
        }
    }
}
