package dev.lakehouse.maintenance.metrics;

import dev.lakehouse.maintenance.decide.JobKind;
import dev.lakehouse.maintenance.jobs.JobRecord;
import dev.lakehouse.maintenance.jobs.JobState;
import org.weakref.jmx.Managed;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's counters: exported to JMX, and as OpenMetrics at {@code GET /metrics}.
 */
public final class MaintenanceStats
{
    private final Map<JobKind, Map<JobState, AtomicLong>> jobs = new EnumMap<>(JobKind.class);
    private final AtomicLong bytesRewritten = new AtomicLong();
    private final AtomicLong filesDeleted = new AtomicLong();
    private final AtomicLong queueLength = new AtomicLong();
    private final AtomicLong evaluations = new AtomicLong();
    private final AtomicLong lastEvaluationMillis = new AtomicLong();

    public MaintenanceStats()
    {
        for (JobKind kind : JobKind.values()) {
            Map<JobState, AtomicLong> byState = new EnumMap<>(JobState.class);
            for (JobState state : JobState.values()) {
                if (state.finished()) {
                    byState.put(state, new AtomicLong());
                }
            }
            jobs.put(kind, byState);
        }
    }

    public void jobFinished(JobRecord job)
    {
        jobs.get(job.kind()).get(job.state()).incrementAndGet();
        bytesRewritten.addAndGet(job.bytesRewritten());
        filesDeleted.addAndGet(job.filesDeleted());
    }

    public void evaluationFinished(long millis, long tablesQueued)
    {
        evaluations.incrementAndGet();
        lastEvaluationMillis.set(millis);
        queueLength.set(tablesQueued);
    }

    public long jobs(JobKind kind, JobState state)
    {
        return jobs.get(kind).get(state).get();
    }

    @Managed
    public long getJobsSucceeded()
    {
        return total(JobState.SUCCEEDED);
    }

    @Managed
    public long getJobsFailed()
    {
        return total(JobState.FAILED) + total(JobState.TIMED_OUT);
    }

    @Managed
    public long getJobsConflicted()
    {
        return total(JobState.CONFLICT);
    }

    @Managed
    public long getBytesRewritten()
    {
        return bytesRewritten.get();
    }

    @Managed
    public long getFilesDeleted()
    {
        return filesDeleted.get();
    }

    @Managed
    public long getQueueLength()
    {
        return queueLength.get();
    }

    @Managed
    public long getEvaluations()
    {
        return evaluations.get();
    }

    @Managed
    public long getLastEvaluationMillis()
    {
        return lastEvaluationMillis.get();
    }

    private long total(JobState state)
    {
        return jobs.values().stream().mapToLong(byState -> byState.get(state).get()).sum();
    }
}
