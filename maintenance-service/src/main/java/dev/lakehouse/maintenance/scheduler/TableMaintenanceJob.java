package dev.lakehouse.maintenance.scheduler;

import com.google.inject.Inject;
import dev.lakehouse.maintenance.decide.Decision;
import dev.lakehouse.maintenance.decide.JobKind;
import dev.lakehouse.maintenance.evaluate.TableEvaluator;
import dev.lakehouse.maintenance.evaluate.TableStatus;
import dev.lakehouse.maintenance.jobs.JobExecutor;
import dev.lakehouse.maintenance.jobs.JobRecord;
import dev.lakehouse.maintenance.jobs.JobRegistry;
import dev.lakehouse.maintenance.jobs.JobState;
import dev.lakehouse.maintenance.measure.PartitionGroup;
import dev.lakehouse.maintenance.policy.EffectivePolicy;
import dev.lakehouse.maintenance.registry.TableRegistry;
import dev.lakehouse.maintenance.warehouse.TableName;
import dev.lakehouse.maintenance.warehouse.WarehouseTables;
import io.airlift.log.Logger;
import io.trino.filesystem.Location;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The maintenance of one table, one Quartz job per table: Quartz never runs two of them for the same table at once,
 * on this instance or on another one sharing the job store. Each run evaluates the table afresh and does the due
 * work in order (compact/cluster, statistics, checkpoint, vacuum), stopping at the first kind that does not succeed;
 * a run requested through the API does the one kind it names.
 */
@DisallowConcurrentExecution
public final class TableMaintenanceJob
        implements Job
{
    static final String SCHEMA = "schema";
    static final String TABLE = "table";
    static final String KIND = "kind";
    static final String RUN_ID = "runId";

    private static final Logger log = Logger.get(TableMaintenanceJob.class);

    private final WarehouseTables warehouse;
    private final TableEvaluator evaluator;
    private final TableRegistry tables;
    private final JobRegistry jobs;
    private final JobExecutor executor;
    private final ServiceLifecycle lifecycle;

    @Inject
    public TableMaintenanceJob(WarehouseTables warehouse, TableEvaluator evaluator, TableRegistry tables, JobRegistry jobs, JobExecutor executor, ServiceLifecycle lifecycle)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.evaluator = requireNonNull(evaluator, "evaluator is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.lifecycle = requireNonNull(lifecycle, "lifecycle is null");
    }

    /**
     * The id of a run: given by whoever triggered it, or (for a table's cron schedule) its trigger and planned fire
     * time. A run Quartz recovers after an instance died keeps the id of the interrupted one, so its commits are
     * recognised in the log.
     */
    static String runId(JobExecutionContext context)
    {
        JobDataMap data = context.getMergedJobDataMap();
        if (data.containsKey(RUN_ID)) {
            return data.getString(RUN_ID);
        }
        if (context.isRecovering() && data.containsKey(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_NAME)) {
            return "%s@%s".formatted(data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_NAME), data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_FIRETIME_IN_MILLISECONDS));
        }
        return "%s@%s".formatted(context.getTrigger().getKey().getName(), context.getScheduledFireTime().getTime());
    }

    @Override
    public void execute(JobExecutionContext context)
    {
        JobDataMap data = context.getMergedJobDataMap();
        TableName name = new TableName(data.getString(SCHEMA), data.getString(TABLE));
        Optional<JobKind> requested = Optional.ofNullable(data.getString(KIND)).flatMap(JobKind::fromApiName);
        String runId = runId(context);
        Optional<Location> location = warehouse.findTable(name);
        if (location.isEmpty()) {
            log.info("Table %s is gone; nothing to maintain", name);
            return;
        }
        if (requested.isEmpty() && tables.isPaused(name)) {
            return;
        }
        if (context.isRecovering()) {
            log.info("Recovering run %s of %s after its instance stopped: the table is evaluated afresh, so committed work is not done twice", runId, name);
        }
        TableStatus status = evaluator.evaluate(name, location.get(), Instant.now());
        if (status.plan().isEmpty() || status.policy().isEmpty()) {
            requested.ifPresent(kind -> failRequested(runId, name, kind, status.problem().orElse("the table cannot be evaluated")));
            return;
        }
        EffectivePolicy policy = status.policy().get();
        List<Decision> work = requested
                .map(kind -> List.of(requestedWork(kind, status)))
                .orElseGet(() -> status.plan().get().dueWork());
        for (Decision decision : work) {
            if (lifecycle.isStopping()) {
                break;
            }
            String jobId = "%s-%s".formatted(runId, decision.kind().apiName());
            jobs.addIfAbsent(JobRecord.queued(jobId, name, decision.kind(), decision.reason(), Instant.now()));
            JobRecord result = executor.run(jobId, name, location.get(), decision, policy, lifecycle::isStopping);
            log.info("Job %s (%s of %s) ended %s", jobId, decision.kind().apiName(), name, result.state());
            if (result.state() != JobState.SUCCEEDED) {
                break;
            }
        }
        evaluator.evaluate(name, location.get(), Instant.now());
    }

    private static Decision requestedWork(JobKind kind, TableStatus status)
    {
        Decision planned = status.plan().orElseThrow().decisions().stream().filter(decision -> decision.kind() == kind).findFirst().orElseThrow();
        // a requested compaction covers every partition holding small files, due or not, each a batch of its own
        List<Map<String, Optional<String>>> partitions = kind == JobKind.COMPACT
                ? status.health().orElseThrow().smallFileGroups().stream().map(PartitionGroup::partitionValues).toList()
                : List.of();
        return new Decision(kind, true, planned.score(), "requested through the API (the service's own decision: %s)".formatted(planned.reason()), partitions);
    }

    private void failRequested(String runId, TableName name, JobKind kind, String problem)
    {
        String jobId = "%s-%s".formatted(runId, kind.apiName());
        jobs.addIfAbsent(JobRecord.queued(jobId, name, kind, "requested through the API", Instant.now()));
        jobs.update(jobId, job -> job.finished(JobState.FAILED, Instant.now(), 0, 0, Optional.of(problem)));
    }
}
