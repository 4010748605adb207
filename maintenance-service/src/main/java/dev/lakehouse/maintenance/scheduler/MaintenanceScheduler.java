package dev.lakehouse.maintenance.scheduler;

import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import dev.lakehouse.maintenance.MaintenanceConfig;
import io.airlift.log.Logger;
import io.airlift.node.NodeInfo;
import io.airlift.units.Duration;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;

import java.util.Map;
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
    private volatile Scheduler scheduler;

    @Inject
    public MaintenanceScheduler(MaintenanceConfig config, NodeInfo nodeInfo, GuiceJobFactory jobFactory)
    {
        this.quartzProperties = QuartzProperties.forConfig(config, nodeInfo.getNodeId());
        this.jobFactory = requireNonNull(jobFactory, "jobFactory is null");
        this.evaluationInterval = config.getEvaluationInterval();
    }

    @PostConstruct
    public void start()
            throws SchedulerException
    {
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
        log.info("Stopping scheduler %s; waiting for running jobs", running.getSchedulerName());
        running.shutdown(true);
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
