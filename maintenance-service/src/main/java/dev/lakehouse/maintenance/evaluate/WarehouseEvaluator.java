package dev.lakehouse.maintenance.evaluate;

import com.google.inject.Inject;
import dev.lakehouse.maintenance.MaintenanceConfig;
import dev.lakehouse.maintenance.decide.TablePlan;
import dev.lakehouse.maintenance.jobs.JobRegistry;
import dev.lakehouse.maintenance.metrics.MaintenanceStats;
import dev.lakehouse.maintenance.policy.EffectivePolicy;
import dev.lakehouse.maintenance.registry.TableRegistry;
import dev.lakehouse.maintenance.scheduler.Evaluator;
import dev.lakehouse.maintenance.scheduler.MaintenanceScheduler;
import dev.lakehouse.maintenance.warehouse.TableName;
import dev.lakehouse.maintenance.warehouse.WarehouseTables;
import io.airlift.log.Logger;
import io.trino.filesystem.Location;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * One tick: evaluates every table of the warehouse, keeps tables' own cron schedules in Quartz, and starts the
 * maintenance of the tables with due work, highest score first, as long as this instance has free job slots
 * ({@code maintenance.max-concurrent-jobs}); the others wait for a later tick. Paused tables and tables with their
 * own schedule are evaluated (the API shows them) but not started here.
 */
public final class WarehouseEvaluator
        implements Evaluator
{
    private static final Logger log = Logger.get(WarehouseEvaluator.class);

    private final WarehouseTables warehouse;
    private final TableEvaluator evaluator;
    private final TableRegistry tables;
    private final JobRegistry jobs;
    private final MaintenanceScheduler scheduler;
    private final MaintenanceStats stats;
    private final int maxConcurrentJobs;
    private final Duration jobTimeout;

    @Inject
    public WarehouseEvaluator(WarehouseTables warehouse, TableEvaluator evaluator, TableRegistry tables, JobRegistry jobs, MaintenanceScheduler scheduler, MaintenanceStats stats, MaintenanceConfig config)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.evaluator = requireNonNull(evaluator, "evaluator is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.stats = requireNonNull(stats, "stats is null");
        this.maxConcurrentJobs = config.getMaxConcurrentJobs();
        this.jobTimeout = Duration.ofMillis(config.getJobTimeout().toMillis());
    }

    @Override
    public void evaluate()
    {
        long start = System.nanoTime();
        Instant now = Instant.now();
        jobs.timeOutStuckJobs(jobTimeout, now).forEach(job -> log.warn("Job %s (%s of %s) runs longer than %s: reported as stuck", job.id(), job.kind(), job.table(), jobTimeout));
        Map<TableName, Location> locations = warehouse.listTableLocations();
        List<TableStatus> statuses = new ArrayList<>();
        locations.forEach((name, location) -> statuses.add(evaluator.evaluate(name, location, now)));
        tables.retainOnly(locations.keySet(), now);
        statuses.forEach(status -> scheduler.updateSchedule(status.name(), status.policy().flatMap(EffectivePolicy::schedule)));

        List<TableStatus> due = statuses.stream()
                .filter(status -> status.plan().map(TablePlan::hasDueWork).orElse(false))
                .filter(status -> !tables.isPaused(status.name()))
                .filter(status -> status.policy().flatMap(EffectivePolicy::schedule).isEmpty())
                .filter(status -> !jobs.isRunning(status.name()))
                .sorted(Comparator.comparingDouble((TableStatus status) -> status.plan().orElseThrow().score()).reversed())
                .toList();
        int slots = Math.max(0, maxConcurrentJobs - scheduler.runningTableJobs());
        List<TableStatus> started = due.stream().limit(slots).toList();
        started.forEach(status -> scheduler.triggerTable(status.name(), Optional.empty(), UUID.randomUUID().toString()));
        long millis = (System.nanoTime() - start) / 1_000_000;
        stats.evaluationFinished(millis, due.size() - started.size());
        log.debug("Evaluated %s tables in %s ms: %s with due work, %s started", statuses.size(), millis, due.size(), started.size());
    }
}
