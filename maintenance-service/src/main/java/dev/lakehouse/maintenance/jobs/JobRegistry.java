package dev.lakehouse.maintenance.jobs;

import com.google.inject.Inject;
import dev.lakehouse.maintenance.MaintenanceConfig;
import dev.lakehouse.maintenance.decide.JobKind;
import dev.lakehouse.maintenance.metrics.MaintenanceStats;
import dev.lakehouse.maintenance.warehouse.TableName;
import io.airlift.node.NodeInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * The jobs this instance ran or runs, newest first, and the backoff of work that failed: a kind of work that failed
 * (or lost a commit race) on a table waits twice as long after each failure, from one evaluation interval up to an
 * hour, before the service tries it again.
 */
public final class JobRegistry
{
    private static final int MAX_JOBS = 5000;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();
    private final Map<TableName, Map<JobKind, Backoff>> backoffs = new ConcurrentHashMap<>();
    private final MaintenanceStats stats;
    private final Duration firstBackoff;
    private final SharedJobHistory sharedHistory;
    private final String nodeId;

    private record Backoff(int failures, Instant retryAfter) {}

    @Inject
    public JobRegistry(MaintenanceStats stats, MaintenanceConfig config, SharedJobHistory sharedHistory, NodeInfo nodeInfo)
    {
        this.nodeId = nodeInfo.getNodeId();
        this.stats = requireNonNull(stats, "stats is null");
        this.sharedHistory = requireNonNull(sharedHistory, "sharedHistory is null");
        this.firstBackoff = Duration.ofMillis(config.getEvaluationInterval().toMillis());
    }

    public JobRecord add(JobRecord queued)
    {
        JobRecord job = queued.onInstance(nodeId);
        jobs.put(job.id(), job);
        sharedHistory.save(job);
        if (jobs.size() > MAX_JOBS) {
            jobs.values().stream()
                    .filter(record -> record.state().finished())
                    .min(Comparator.comparing(JobRecord::createdAt))
                    .ifPresent(oldest -> jobs.remove(oldest.id()));
        }
        return job;
    }

    /**
     * Adds a job this instance is about to run unless this instance already has it: a job queued through the API, or
     * run again after its instance stopped, may have a record of another instance in the shared history, but the
     * records this instance updates are its own.
     */
    public void addIfAbsent(JobRecord queued)
    {
        if (!jobs.containsKey(queued.id())) {
            add(queued);
        }
    }

    public JobRecord update(String id, UnaryOperator<JobRecord> change)
    {
        JobRecord updated = jobs.compute(id, (_, current) -> change.apply(requireNonNull(current, () -> "no job " + id)));
        sharedHistory.save(updated);
        if (updated.state().finished()) {
            stats.jobFinished(updated);
            recordOutcome(updated);
        }
        return updated;
    }

    /**
     * A job of this instance, or of another instance sharing the clustered job store.
     */
    public Optional<JobRecord> get(String id)
    {
        Optional<JobRecord> local = Optional.ofNullable(jobs.get(id));
        Optional<JobRecord> shared = sharedHistory.get(id);
        return shared.isPresent() && local.isPresent() ? Optional.of(newer(local.get(), shared.get())) : local.or(() -> shared);
    }

    /**
     * The jobs of this instance and of the others sharing the clustered job store (this instance's own records are
     * the freshest of its jobs), newest first.
     */
    public List<JobRecord> list(Optional<TableName> table, Optional<JobState> state)
    {
        Map<String, JobRecord> all = new HashMap<>(jobs);
        sharedHistory.list().forEach(job -> all.merge(job.id(), job, JobRegistry::newer));
        return all.values().stream()
                .filter(job -> table.map(job.table()::equals).orElse(true))
                .filter(job -> state.map(job.state()::equals).orElse(true))
                .sorted(Comparator.comparing(JobRecord::createdAt).reversed().thenComparing(JobRecord::id))
                .toList();
    }

    /**
     * Of two records of one job (this instance's and the shared one), the one further on; this instance's on a tie.
     */
    private static JobRecord newer(JobRecord local, JobRecord shared)
    {
        return shared.progress() > local.progress() ? shared : local;
    }

    /**
     * Whether a job of this instance is working on the table now. (A job queued here through the API may run on
     * another instance of a clustered job store; that instance's registry then shows it.)
     */
    public boolean isRunning(TableName table)
    {
        return jobs.values().stream().anyMatch(job -> job.table().equals(table) && job.state() == JobState.RUNNING);
    }

    /**
     * Reports jobs running longer than {@code timeout} as timed out, so that their table is evaluated and worked on
     * again (a rewrite's statement is cancelled by its own query timeout; a job that still ends later records its
     * real outcome then).
     *
     * @return the jobs it reported
     */
    public List<JobRecord> timeOutStuckJobs(Duration timeout, Instant now)
    {
        List<JobRecord> stuck = jobs.values().stream()
                .filter(job -> job.state() == JobState.RUNNING && job.startedAt().map(start -> start.plus(timeout).isBefore(now)).orElse(false))
                .toList();
        return stuck.stream()
                .map(job -> update(job.id(), current -> current.finished(JobState.TIMED_OUT, now, current.filesBefore().orElse(0), current.bytesBefore().orElse(0),
                        Optional.of("running for longer than maintenance.job-timeout (%s): reported as stuck and its table freed".formatted(timeout)))))
                .toList();
    }

    /**
     * The kinds of work on {@code table} that failed recently, and when each may run again.
     */
    public Map<JobKind, Instant> retryAfter(TableName table)
    {
        Map<JobKind, Instant> retry = new EnumMap<>(JobKind.class);
        backoffs.getOrDefault(table, Map.of()).forEach((kind, backoff) -> retry.put(kind, backoff.retryAfter()));
        return retry;
    }

    private void recordOutcome(JobRecord job)
    {
        Map<JobKind, Backoff> table = backoffs.computeIfAbsent(job.table(), _ -> new ConcurrentHashMap<>());
        if (job.state() == JobState.SUCCEEDED) {
            table.remove(job.kind());
            return;
        }
        if (job.state() == JobState.ABANDONED) {
            return;
        }
        int failures = table.containsKey(job.kind()) ? table.get(job.kind()).failures() + 1 : 1;
        Duration wait = firstBackoff.multipliedBy(1L << Math.min(failures - 1, 20));
        if (wait.compareTo(MAX_BACKOFF) > 0) {
            wait = MAX_BACKOFF;
        }
        table.put(job.kind(), new Backoff(failures, job.finishedAt().orElse(Instant.now()).plus(wait)));
    }
}
