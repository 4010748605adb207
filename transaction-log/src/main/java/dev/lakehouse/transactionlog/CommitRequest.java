package dev.lakehouse.transactionlog;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * What a transaction wants to commit, and what it read to decide it.
 *
 * @param readVersion the version the transaction read, or empty when it creates the table
 * @param actions protocol, metaData, add, remove and txn actions, in the order they are written
 * @param readsData true when the transaction's result depends on the table's rows (DELETE, UPDATE, MERGE,
 *                  overwrite); such a transaction conflicts with data changes committed after its read version, as
 *                  {@code isolationLevel} says. Blind appends and {@code dataChange=false} rewrites set it to false.
 * @param readFiles the paths (as the log names them) of the files the transaction's read may have read, when it
 *                  knows them: a concurrent removal of any other file does not conflict with it (Delta's rule: a
 *                  conflict is a change to what was read, decided per file, not per table)
 */
public record CommitRequest(OptionalLong readVersion, CommitInfoEntry commitInfo, List<DeltaAction> actions, boolean readsData, IsolationLevel isolationLevel, Optional<Set<String>> readFiles)
{
    /**
     * A request whose read may have read any file.
     */
    public CommitRequest(OptionalLong readVersion, CommitInfoEntry commitInfo, List<DeltaAction> actions, boolean readsData, IsolationLevel isolationLevel)
    {
        this(readVersion, commitInfo, actions, readsData, isolationLevel, Optional.empty());
    }

    /**
     * A request checked as {@link IsolationLevel#SERIALIZABLE} when it reads data.
     */
    public CommitRequest(OptionalLong readVersion, CommitInfoEntry commitInfo, List<DeltaAction> actions, boolean readsData)
    {
        this(readVersion, commitInfo, actions, readsData, IsolationLevel.SERIALIZABLE);
    }

    public CommitRequest
    {
        requireNonNull(readVersion, "readVersion is null");
        requireNonNull(commitInfo, "commitInfo is null");
        actions = ImmutableList.copyOf(actions);
        checkArgument(actions.stream().noneMatch(CommitInfoEntry.class::isInstance), "commitInfo is passed separately");
        requireNonNull(isolationLevel, "isolationLevel is null");
        readFiles = requireNonNull(readFiles, "readFiles is null").map(ImmutableSet::copyOf);
    }

    /**
     * Whether the transaction's read may have read the file at {@code path}.
     */
    public boolean mayHaveRead(String path)
    {
        return readsData && readFiles.map(paths -> paths.contains(path)).orElse(true);
    }

    public boolean createsTable()
    {
        return readVersion.isEmpty();
    }
}
