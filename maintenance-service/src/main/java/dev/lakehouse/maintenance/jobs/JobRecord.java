package dev.lakehouse.maintenance.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;
import dev.lakehouse.maintenance.decide.JobKind;
import dev.lakehouse.maintenance.warehouse.TableName;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * One maintenance job as the API reports it. Immutable: the registry keeps the newest record of each job.
 *
 * @param id also the {@code maintenanceJobId} of the job's commits (with the batch number appended), so the log
 *           tells whether a job's work committed
 * @param reason why it runs: the decision that was due, or "requested through the API"
 * @param batchesDone batches committed (or found already committed after an interruption)
 * @param commitVersions versions of the table the job's batches committed
 * @param instance the node id of the service instance that recorded the job (several share a clustered job store)
 */
public record JobRecord(
        String id,
        TableName table,
        JobKind kind,
        JobState state,
        String reason,
        Instant createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        int batchesDone,
        int batchesTotal,
        OptionalLong filesBefore,
        OptionalLong bytesBefore,
        OptionalLong filesAfter,
        OptionalLong bytesAfter,
        long bytesRewritten,
        long filesDeleted,
        List<Long> commitVersions,
        Optional<String> error,
        Optional<String> instance)
{
    public JobRecord
    {
        requireNonNull(id, "id is null");
        requireNonNull(table, "table is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(state, "state is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(filesBefore, "filesBefore is null");
        requireNonNull(bytesBefore, "bytesBefore is null");
        requireNonNull(filesAfter, "filesAfter is null");
        requireNonNull(bytesAfter, "bytesAfter is null");
        commitVersions = ImmutableList.copyOf(commitVersions);
        requireNonNull(error, "error is null");
        requireNonNull(instance, "instance is null");
    }

    public static JobRecord queued(String id, TableName table, JobKind kind, String reason, Instant now)
    {
        return new JobRecord(id, table, kind, JobState.QUEUED, reason, now, Optional.empty(), Optional.empty(), 0, 0,
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), 0, 0, List.of(), Optional.empty(), Optional.empty());
    }

    /**
     * How far the job got: queued, running, or finished; of two records of one job, the one further on is the newer.
     */
    public int progress()
    {
        return state.finished() ? 2 : state == JobState.RUNNING ? 1 : 0;
    }

    /**
     * This job as run by the service instance {@code nodeId}.
     */
    public JobRecord onInstance(String nodeId)
    {
        return new JobRecord(id, table, kind, state, reason, createdAt, startedAt, finishedAt, batchesDone, batchesTotal,
                filesBefore, bytesBefore, filesAfter, bytesAfter, bytesRewritten, filesDeleted, commitVersions, error, Optional.of(nodeId));
    }

    public JobRecord started(Instant now, int batches, long files, long bytes)
    {
        return new JobRecord(id, table, kind, JobState.RUNNING, reason, createdAt, Optional.of(now), finishedAt, batchesDone, batches,
                OptionalLong.of(files), OptionalLong.of(bytes), filesAfter, bytesAfter, bytesRewritten, filesDeleted, commitVersions, error, instance);
    }

    public JobRecord batchCommitted(OptionalLong version, long rewritten, long deleted)
    {
        ImmutableList.Builder<Long> versions = ImmutableList.<Long>builder().addAll(commitVersions);
        version.ifPresent(versions::add);
        return new JobRecord(id, table, kind, state, reason, createdAt, startedAt, finishedAt, batchesDone + 1, batchesTotal,
                filesBefore, bytesBefore, filesAfter, bytesAfter, bytesRewritten + rewritten, filesDeleted + deleted, versions.build(), error, instance);
    }

    public JobRecord finished(JobState finalState, Instant now, long files, long bytes, Optional<String> failure)
    {
        return new JobRecord(id, table, kind, finalState, reason, createdAt, startedAt, Optional.of(now), batchesDone, batchesTotal,
                filesBefore, bytesBefore, OptionalLong.of(files), OptionalLong.of(bytes), bytesRewritten, filesDeleted, commitVersions, failure, instance);
    }

    /**
     * How long the job ran (so far, while it runs): shown by the API beside the record's fields.
     */
    @JsonProperty
    public Optional<Long> durationMillis()
    {
        return startedAt.map(start -> Duration.between(start, finishedAt.orElse(Instant.now())).toMillis());
    }
}
