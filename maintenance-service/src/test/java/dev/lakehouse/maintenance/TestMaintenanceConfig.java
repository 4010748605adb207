package dev.lakehouse.maintenance;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.maintenance.scheduler.JobStoreType;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.DAYS;
import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

final class TestMaintenanceConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(MaintenanceConfig.class)
                .setWarehouse(null)
                .setTrinoUrl(null)
                .setTrinoUser("maintenance")
                .setApiToken(null)
                .setApiTokenFile(null)
                .setEvaluationInterval(new Duration(5, MINUTES))
                .setVacuumMinRetention(new Duration(7, DAYS))
                .setJobStore(JobStoreType.MEMORY)
                .setJobStoreJdbcUrl(null)
                .setJobStoreJdbcUser(null)
                .setJobStoreJdbcPassword(null)
                .setMaxConcurrentJobs(2)
                .setJobTimeout(new Duration(2, HOURS))
                .setEnabledByDefault(true)
                .setTargetFileSize(DataSize.of(128, MEGABYTE))
                .setClusteringMaxOverlapDepth(2)
                .setClusteringStableRunFiles(100)
                .setClusteringMinUnclusteredFiles(50));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("lakehouse.warehouse", "s3://bucket/warehouse")
                .put("trino.url", "jdbc:trino://trino.example.com:8443/lakehouse")
                .put("trino.user", "robot")
                .put("maintenance.api-token", "secret")
                .put("maintenance.api-token-file", "/etc/lakehouse/api-token")
                .put("maintenance.evaluation-interval", "30s")
                .put("maintenance.vacuum.min-retention", "1d")
                .put("maintenance.job-store", "JDBC")
                .put("maintenance.job-store.jdbc-url", "jdbc:postgresql://db:5432/maintenance")
                .put("maintenance.job-store.jdbc-user", "quartz")
                .put("maintenance.job-store.jdbc-password", "quartz-password")
                .put("maintenance.max-concurrent-jobs", "8")
                .put("maintenance.job-timeout", "30m")
                .put("maintenance.enabled-by-default", "false")
                .put("maintenance.target-file-size", "256MB")
                .put("maintenance.clustering.max-overlap-depth", "0")
                .put("maintenance.clustering.stable-run-files", "4")
                .put("maintenance.clustering.min-unclustered-files", "12")
                .buildOrThrow();
        assertFullMapping(properties, new MaintenanceConfig()
                .setWarehouse("s3://bucket/warehouse")
                .setTrinoUrl("jdbc:trino://trino.example.com:8443/lakehouse")
                .setTrinoUser("robot")
                .setApiToken("secret")
                .setApiTokenFile(new File("/etc/lakehouse/api-token"))
                .setEvaluationInterval(new Duration(30, SECONDS))
                .setVacuumMinRetention(new Duration(1, DAYS))
                .setJobStore(JobStoreType.JDBC)
                .setJobStoreJdbcUrl("jdbc:postgresql://db:5432/maintenance")
                .setJobStoreJdbcUser("quartz")
                .setJobStoreJdbcPassword("quartz-password")
                .setMaxConcurrentJobs(8)
                .setJobTimeout(new Duration(30, MINUTES))
                .setEnabledByDefault(false)
                .setTargetFileSize(DataSize.of(256, MEGABYTE))
                .setClusteringMaxOverlapDepth(0)
                .setClusteringStableRunFiles(4)
                .setClusteringMinUnclusteredFiles(12));
    }

    @Test
    void testJdbcJobStoreNeedsUrl()
    {
        assertThat(new MaintenanceConfig().isJobStoreJdbcUrlSetWhenNeeded()).isTrue();
        assertThat(new MaintenanceConfig().setJobStore(JobStoreType.JDBC).isJobStoreJdbcUrlSetWhenNeeded()).isFalse();
        assertThat(new MaintenanceConfig().setJobStore(JobStoreType.JDBC).setJobStoreJdbcUrl("jdbc:postgresql://db/maintenance").isJobStoreJdbcUrlSetWhenNeeded()).isTrue();
    }
}
