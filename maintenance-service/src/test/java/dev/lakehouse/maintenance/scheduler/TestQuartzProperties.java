package dev.lakehouse.maintenance.scheduler;

import dev.lakehouse.maintenance.MaintenanceConfig;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerMetaData;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.simpl.RAMJobStore;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

final class TestQuartzProperties
{
    @Test
    void testMemoryJobStore()
            throws SchedulerException
    {
        Map<String, String> properties = QuartzProperties.forConfig(new MaintenanceConfig().setMaxConcurrentJobs(3), "node-1");
        assertThat(properties)
                .contains(
                        entry("org.quartz.scheduler.instanceName", "lakehouse-maintenance-node-1"),
                        entry("org.quartz.scheduler.instanceId", "node-1"),
                        entry("org.quartz.threadPool.threadCount", "4"),
                        entry("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore"))
                .doesNotContainKeys("org.quartz.jobStore.isClustered", "org.quartz.jobStore.dataSource");

        SchedulerMetaData metaData = metaData(properties);
        assertThat(metaData.getJobStoreClass()).isEqualTo(RAMJobStore.class);
        assertThat(metaData.isJobStoreClustered()).isFalse();
        assertThat(metaData.getThreadPoolSize()).isEqualTo(4);
    }

    @Test
    void testJdbcJobStore()
            throws SchedulerException
    {
        MaintenanceConfig config = new MaintenanceConfig()
                .setJobStore(JobStoreType.JDBC)
                .setJobStoreJdbcUrl("jdbc:postgresql://127.0.0.1:5433/maintenance")
                .setJobStoreJdbcUser("quartz")
                .setJobStoreJdbcPassword("secret");
        Map<String, String> properties = QuartzProperties.forConfig(config, "node-2");
        assertThat(properties).containsOnly(
                entry("org.quartz.scheduler.instanceName", "lakehouse-maintenance"),
                entry("org.quartz.scheduler.instanceId", "node-2"),
                entry("org.quartz.scheduler.skipUpdateCheck", "true"),
                entry("org.quartz.scheduler.makeSchedulerThreadDaemon", "true"),
                entry("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool"),
                entry("org.quartz.threadPool.threadCount", "3"),
                entry("org.quartz.threadPool.threadNamePrefix", "maintenance-job"),
                entry("org.quartz.threadPool.makeThreadsDaemons", "true"),
                entry("org.quartz.jobStore.misfireThreshold", "60000"),
                entry("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX"),
                entry("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"),
                entry("org.quartz.jobStore.dataSource", "maintenance"),
                entry("org.quartz.jobStore.tablePrefix", "QRTZ_"),
                entry("org.quartz.jobStore.useProperties", "true"),
                entry("org.quartz.jobStore.isClustered", "true"),
                entry("org.quartz.jobStore.clusterCheckinInterval", "15000"),
                entry("org.quartz.jobStore.acquireTriggersWithinLock", "true"),
                entry("org.quartz.dataSource.maintenance.provider", "hikaricp"),
                entry("org.quartz.dataSource.maintenance.driver", "org.postgresql.Driver"),
                entry("org.quartz.dataSource.maintenance.URL", "jdbc:postgresql://127.0.0.1:5433/maintenance"),
                entry("org.quartz.dataSource.maintenance.user", "quartz"),
                entry("org.quartz.dataSource.maintenance.password", "secret"),
                entry("org.quartz.dataSource.maintenance.maxConnections", "5"));

        // Quartz accepts every property: it builds the clustered store and its HikariCP pool without connecting
        SchedulerMetaData metaData = metaData(properties);
        assertThat(metaData.getJobStoreClass()).isEqualTo(JobStoreTX.class);
        assertThat(metaData.isJobStoreClustered()).isTrue();
        assertThat(metaData.isJobStoreSupportsPersistence()).isTrue();
    }

    private static SchedulerMetaData metaData(Map<String, String> quartzProperties)
            throws SchedulerException
    {
        Properties properties = new Properties();
        properties.putAll(quartzProperties);
        Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
        try {
            return scheduler.getMetaData();
        }
        finally {
            scheduler.shutdown();
        }
    }
}
