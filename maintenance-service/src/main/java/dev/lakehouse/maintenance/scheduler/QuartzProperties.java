package dev.lakehouse.maintenance.scheduler;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.maintenance.MaintenanceConfig;

import java.util.Map;

/**
 * The Quartz configuration for the service's settings.
 */
public final class QuartzProperties
{
    /**
     * The name the instances of a clustered job store share: Quartz clusters schedulers by name.
     */
    public static final String SCHEDULER_NAME = "lakehouse-maintenance";
    public static final String DATA_SOURCE = "maintenance";

    private QuartzProperties() {}

    /**
     * @param instanceId unique per service instance (the airlift node id); Quartz clustering needs unique ids
     */
    public static Map<String, String> forConfig(MaintenanceConfig config, String instanceId)
    {
        // one thread per concurrent maintenance job, plus one for the evaluation
        int threads = config.getMaxConcurrentJobs() + 1;
        ImmutableMap.Builder<String, String> properties = ImmutableMap.<String, String>builder()
                .put("org.quartz.scheduler.instanceId", instanceId)
                .put("org.quartz.scheduler.skipUpdateCheck", "true")
                .put("org.quartz.scheduler.makeSchedulerThreadDaemon", "true")
                .put("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool")
                .put("org.quartz.threadPool.threadCount", String.valueOf(threads))
                .put("org.quartz.threadPool.threadNamePrefix", "maintenance-job")
                .put("org.quartz.threadPool.makeThreadsDaemons", "true")
                .put("org.quartz.jobStore.misfireThreshold", "60000");
        switch (config.getJobStore()) {
            case MEMORY -> properties
                    // an in-memory scheduler is private to its service: a unique name keeps two services in one JVM apart
                    .put("org.quartz.scheduler.instanceName", SCHEDULER_NAME + "-" + instanceId)
                    .put("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
            case JDBC -> properties
                    .put("org.quartz.scheduler.instanceName", SCHEDULER_NAME)
                    .put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX")
                    .put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate")
                    .put("org.quartz.jobStore.dataSource", DATA_SOURCE)
                    .put("org.quartz.jobStore.tablePrefix", "QRTZ_")
                    // job data as strings only, so no Java serialization ends up in the database
                    .put("org.quartz.jobStore.useProperties", "true")
                    .put("org.quartz.jobStore.isClustered", "true")
                    .put("org.quartz.jobStore.clusterCheckinInterval", "15000")
                    // trigger acquisition under the database lock: no two instances fire the same trigger
                    .put("org.quartz.jobStore.acquireTriggersWithinLock", "true")
                    .putAll(dataSource(config, threads));
        }
        return properties.buildOrThrow();
    }

    private static Map<String, String> dataSource(MaintenanceConfig config, int threads)
    {
        String prefix = "org.quartz.dataSource." + DATA_SOURCE + ".";
        ImmutableMap.Builder<String, String> properties = ImmutableMap.<String, String>builder()
                // Quartz's connection provider over HikariCP
                .put(prefix + "provider", "hikaricp")
                .put(prefix + "driver", "org.postgresql.Driver")
                .put(prefix + "URL", config.getJobStoreJdbcUrl().orElseThrow(() -> new IllegalArgumentException("maintenance.job-store=JDBC needs maintenance.job-store.jdbc-url")))
                // each job thread, plus the scheduler thread and the cluster manager's check-ins
                .put(prefix + "maxConnections", String.valueOf(threads + 2));
        config.getJobStoreJdbcUser().ifPresent(user -> properties.put(prefix + "user", user));
        config.getJobStoreJdbcPassword().ifPresent(password -> properties.put(prefix + "password", password));
        return properties.buildOrThrow();
    }
}
