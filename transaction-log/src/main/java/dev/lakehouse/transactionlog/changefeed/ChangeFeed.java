package dev.lakehouse.transactionlog.changefeed;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.LogFile;
import dev.lakehouse.transactionlog.TableFeatures;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CdcFileEntry;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import io.trino.spi.TrinoException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT;
import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_VERSION_NOT_FOUND;
import static java.util.Objects.requireNonNull;

/**
 * The change data feed of a range of commits, as the protocol defines it: a commit with {@code cdc} files changed
 * exactly the rows they hold (its {@code add} and {@code remove} actions are not changes of their own); any other
 * commit inserted the rows of the files it added and deleted the rows of the files it removed, counting only actions
 * that change data (a compaction's {@code dataChange=false} rewrite changes nothing). Every commit of the range must
 * have the feed enabled, or rows it rewrote would show as changes they were not.
 */
public final class ChangeFeed
{
    private final TransactionLog log;

    public ChangeFeed(TransactionLog log)
    {
        this.log = requireNonNull(log, "log is null");
    }

    /**
     * @param sinceVersion the changes of the commits after this version; -1 for all of them
     * @param untilVersion the last commit whose changes are read; empty for the latest
     */
    public List<ChangeFile> changes(String table, long sinceVersion, OptionalLong untilVersion)
    {
        List<LogFile> logFiles = log.listLogFiles();
        long latest = TransactionLog.latestVersion(logFiles).orElseThrow(() -> new TrinoException(LAKEHOUSE_VERSION_NOT_FOUND, "Table %s has no commits".formatted(table)));
        long until = untilVersion.orElse(latest);
        if (sinceVersion < -1) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "since_version must be a version of table %s (0 or more), not %s".formatted(table, sinceVersion));
        }
        if (until > latest) {
            throw new TrinoException(LAKEHOUSE_VERSION_NOT_FOUND, "until_version %s of table %s does not exist: the latest version is %s".formatted(until, table, latest));
        }
        if (sinceVersion > until) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "since_version %s is after %s of table %s: the changes start after since_version and end at until_version (by default the latest version)"
                    .formatted(sinceVersion, until, table));
        }
        Map<Long, LogFile> commits = logFiles.stream()
                .filter(file -> file.kind() == LogFile.Kind.COMMIT)
                .collect(Collectors.toMap(LogFile::version, Function.identity(), (first, _) -> first));
        Optional<MetadataEntry> metadata = sinceVersion < 0 ? Optional.empty() : Optional.of(log.loadSnapshot(logFiles, OptionalLong.of(sinceVersion)).metadata());

        ImmutableList.Builder<ChangeFile> changes = ImmutableList.builder();
        for (long version = sinceVersion + 1; version <= until; version++) {
            LogFile commit = commits.get(version);
            if (commit == null) {
                throw new TrinoException(LAKEHOUSE_VERSION_NOT_FOUND, "The changes of version %s of table %s are no longer in its log (log cleanup removed them); read the changes of later versions".formatted(version, table));
            }
            List<DeltaAction> actions = log.readCommit(version);
            for (DeltaAction action : actions) {
                if (action instanceof MetadataEntry changed) {
                    metadata = Optional.of(changed);
                }
            }
            if (metadata.isEmpty() || !TableFeatures.changeDataFeedEnabled(metadata.get())) {
                throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, ("Table %s does not record its change data feed at version %s: set its property change_data_feed_enabled = true, " +
                        "and read the changes of the versions committed after that").formatted(table, version));
            }
            changes.addAll(changesOf(actions, version, commitTimestamp(actions, commit)));
        }
        return changes.build();
    }

    /**
     * The time in the commit's {@code commitInfo}, as {@code t$history} and Trino's Delta Lake connector show it; the
     * log file's modification time for a commit without one.
     */
    private static long commitTimestamp(List<DeltaAction> actions, LogFile commit)
    {
        return actions.stream()
                .filter(CommitInfoEntry.class::isInstance)
                .map(action -> ((CommitInfoEntry) action).timestamp())
                .filter(timestamp -> timestamp > 0)
                .findFirst()
                .orElse(commit.modificationTime());
    }

    private static List<ChangeFile> changesOf(List<DeltaAction> actions, long version, long timestamp)
    {
        List<ChangeFile> changeData = new ArrayList<>();
        List<ChangeFile> derived = new ArrayList<>();
        for (DeltaAction action : actions) {
            switch (action) {
                case CdcFileEntry cdc -> changeData.add(new ChangeFile(ChangeFile.Kind.CHANGE_DATA, cdc.path(), cdc.partitionValues(), cdc.size(), Optional.empty(), version, timestamp));
                case AddFileEntry add when add.dataChange() ->
                        derived.add(new ChangeFile(ChangeFile.Kind.INSERTED, add.path(), add.partitionValues(), add.size(), add.deletionVector(), version, timestamp));
                case RemoveFileEntry remove when remove.dataChange() ->
                        derived.add(new ChangeFile(ChangeFile.Kind.DELETED, remove.path(), remove.partitionValues().orElse(Map.of()), remove.size().orElse(0L), remove.deletionVector(), version, timestamp));
                default -> {}
            }
        }
        return changeData.isEmpty() ? derived : changeData;
    }
}
