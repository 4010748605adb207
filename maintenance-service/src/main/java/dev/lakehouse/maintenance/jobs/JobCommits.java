package dev.lakehouse.maintenance.jobs;

import dev.lakehouse.transactionlog.LogFile;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;

import java.util.List;
import java.util.Optional;

/**
 * Finds a job's commits in the log by the {@code maintenanceJobId} its sessions put in {@code commitInfo}: how the
 * service learns whether work it started committed, after a lost connection, a timeout or a restart.
 */
public final class JobCommits
{
    /**
     * @param removedFiles files the commit removed (rewritten or deleted)
     * @param removedBytes their size: what a rewrite read and wrote again
     */
    public record JobCommit(long version, int removedFiles, long removedBytes) {}

    /**
     * @param lastVersionRead the newest commit read: a commit made later (by the job's next batch) comes after it
     */
    public record Search(Optional<JobCommit> commit, long lastVersionRead) {}

    private JobCommits() {}

    /**
     * The commit after {@code afterVersion} that carries {@code jobId}, if one does.
     */
    public static Search find(TransactionLog log, long afterVersion, String jobId)
    {
        long lastVersionRead = afterVersion;
        for (LogFile file : log.commitsSince(afterVersion)) {
            List<DeltaAction> actions = log.readCommit(file.version());
            lastVersionRead = file.version();
            boolean ours = actions.stream()
                    .filter(CommitInfoEntry.class::isInstance)
                    .map(CommitInfoEntry.class::cast)
                    .anyMatch(info -> jobId.equals(info.operationParameters().get(CommitInfoEntry.MAINTENANCE_JOB_ID)));
            if (ours) {
                List<RemoveFileEntry> removes = actions.stream().filter(RemoveFileEntry.class::isInstance).map(RemoveFileEntry.class::cast).toList();
                return new Search(Optional.of(new JobCommit(file.version(), removes.size(), removes.stream().mapToLong(remove -> remove.size().orElse(0L)).sum())), lastVersionRead);
            }
        }
        return new Search(Optional.empty(), lastVersionRead);
    }
}
