package dev.lakehouse.maintenance.scheduler;

import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import dev.lakehouse.maintenance.MaintenanceConfig;
import dev.lakehouse.maintenance.ServiceLogManager;
import dev.lakehouse.maintenance.decide.JobKind;
import dev.lakehouse.maintenance.warehouse.TableName;
import io.airlift.log.Logger;
import io.airlift.node.NodeInfo;
import io.airlift.units.Duration;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static java.util.Objects.requireNonNull;
import static org.quartz.JobBuilder.newJob;
import static org.quartz.SimpleScheduleBuilder.simpleSchedule;
import static org.quartz.TriggerBuilder.newTrigger;

/**
 * Quartz is the clock: it fires the evaluation every {@code maintenance.evaluation-interval}, first right after
 * start. Stopping waits for running jobs.
 */
public final class MaintenanceScheduler
{
    private static final Logger log = Logger.get(MaintenanceScheduler.class);
    private static final JobKey EVALUATION_JOB = JobKey.jobKey("evaluation", "maintenance");
    private static final TriggerKey EVALUATION_TRIGGER = TriggerKey.triggerKey("evaluation", "maintenance");

    private final Map<String, String> quartzProperties;
    private final GuiceJobFactory jobFactory;
    private final Duration evaluationInterval;
    private final ServiceLifecycle lifecycle;
    private final MaintenanceConfig config;
    private volatile Scheduler scheduler;

    @Inject
    public MaintenanceScheduler(MaintenanceConfig config, NodeInfo nodeInfo, GuiceJobFactory jobFactory, ServiceLifecycle lifecycle)
    {
        this.quartzProperties = QuartzProperties.forConfig(config, nodeInfo.getNodeId());
        this.jobFactory = requireNonNull(jobFactory, "jobFactory is null");
        this.evaluationInterval = config.getEvaluationInterval();
        this.lifecycle = requireNonNull(lifecycle, "lifecycle is null");
        this.config = requireNonNull(config, "config is null");
    }

    @PostConstruct
    public void start()
            throws SchedulerException
    {
        if (config.getJobStore() == JobStoreType.JDBC) {
            QuartzSchema.createIfMissing(config);
        }
        Properties properties = new Properties();
        properties.putAll(quartzProperties);
        Scheduler created = new StdSchedulerFactory(properties).getScheduler();
        created.setJobFactory(jobFactory);
        JobDetail evaluation = newJob(EvaluationJob.class)
                .withIdentity(EVALUATION_JOB)
                .withDescription("Observe every table of the warehouse and decide its maintenance")
                .storeDurably()
                .build();
        Trigger everyInterval = newTrigger()
                .withIdentity(EVALUATION_TRIGGER)
                .forJob(evaluation)
                .startNow()
                .withSchedule(simpleSchedule()
                        .withIntervalInMilliseconds(evaluationInterval.toMillis())
                        .repeatForever()
                        // after a pause (all instances down, or a long evaluation), run once and keep the rhythm
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        // replaces the job and trigger a clustered store kept from an earlier start, so a new interval applies
        created.scheduleJob(evaluation, ImmutableSet.of(everyInterval), true);
        created.start();
        scheduler = created;
        log.info("Scheduler %s started: evaluation every %s", created.getSchedulerName(), evaluationInterval);
    }

    @PreDestroy
    public void stop()
            throws SchedulerException
    {
        Scheduler running = scheduler;
        if (running == null) {
            return;
        }
        log.info("Stopping scheduler %s; running jobs finish their current batch", running.getSchedulerName());
        lifecycle.stopping();
        running.shutdown(true);
        log.info("Scheduler %s stopped", running.getSchedulerName());
        ServiceLogManager.schedulerStopped();
    }

    /**
     * Runs the maintenance of {@code table} now (as soon as no other run of it is in progress, on any instance).
     *
     * @param kind the one kind of work to do; empty for whatever is due
     * @param runId the id of the run, the prefix of its jobs' ids
     */
    public void triggerTable(TableName table, Optional<JobKind> kind, String runId)
    {
        JobDataMap data = new JobDataMap();
        data.put(TableMaintenanceJob.RUN_ID, runId);
        kind.ifPresent(value -> data.put(TableMaintenanceJob.KIND, value.apiName()));
        try {
            ensureTableJob(table);
            scheduler().triggerJob(tableJobKey(table), data);
        }
        catch (SchedulerException e) {
            throw new IllegalStateException("Cannot start the maintenance of %s: %s".formatted(table, e.getMessage()), e);
        }
    }

    /**
     * Keeps the table's own cron schedule (its maintenance_schedule) in Quartz: added, changed or removed.
     */
    public void updateSchedule(TableName table, Optional<String> cron)
    {
        TriggerKey key = TriggerKey.triggerKey("schedule", tableJobKey(table).getName());
        try {
            Trigger existing = scheduler().getTrigger(key);
            String current = existing instanceof CronTrigger cronTrigger ? cronTrigger.getCronExpression() : null;
            if (cron.isEmpty()) {
                if (existing != null) {
                    scheduler().unscheduleJob(key);
                }
                return;
            }
            if (cron.get().equals(current)) {
                return;
            }
            ensureTableJob(table);
            Trigger trigger = newTrigger()
                    .withIdentity(key)
                    .forJob(tableJobKey(table))
                    .withSchedule(CronScheduleBuilder.cronSchedule(cron.get()).withMisfireHandlingInstructionFireAndProceed())
                    .build();
            if (existing == null) {
                scheduler().scheduleJob(trigger);
            }
            else {
                scheduler().rescheduleJob(key, trigger);
            }
        }
        catch (SchedulerException | RuntimeException e) {
            log.warn("Cannot schedule %s with '%s': %s", table, cron.orElse(""), e.getMessage());
        }
    }

    /**
     * How many table jobs run on this instance now.
     */
    public int runningTableJobs()
    {
        try {
            return (int) scheduler().getCurrentlyExecutingJobs().stream()
                    .filter(context -> context.getJobDetail().getJobClass().equals(TableMaintenanceJob.class))
                    .count();
        }
        catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    private void ensureTableJob(TableName table)
            throws SchedulerException
    {
        JobKey key = tableJobKey(table);
        if (scheduler().checkExists(key)) {
            return;
        }
        JobDetail job = newJob(TableMaintenanceJob.class)
                .withIdentity(key)
                .withDescription("Maintenance of " + table)
                .usingJobData(TableMaintenanceJob.SCHEMA, table.schema())
                .usingJobData(TableMaintenanceJob.TABLE, table.table())
                .storeDurably()
                // when an instance dies mid-job, another one runs it again after failover
                .requestRecovery()
                .build();
        try {
            scheduler().addJob(job, false);
        }
        catch (ObjectAlreadyExistsException _) {
            // another instance added it at the same moment
        }
    }

    private static JobKey tableJobKey(TableName table)
    {
        return JobKey.jobKey("table:" + table, "tables");
    }

    private Scheduler scheduler()
    {
        Scheduler running = scheduler;
        if (running == null) {
            throw new IllegalStateException("The scheduler is not running");
        }
        return running;
    }

    public boolean isRunning()
    {
        Scheduler running = scheduler;
        try {
            return running != null && running.isStarted() && !running.isShutdown();
        }
        catch (SchedulerException e) {
            return false;
        }
    }
}
