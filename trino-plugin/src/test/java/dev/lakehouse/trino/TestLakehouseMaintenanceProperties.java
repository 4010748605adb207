package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import io.trino.Session;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table's maintenance policy as table properties, kept in the Delta table configuration where the maintenance
 * service reads it, and the job id the service's sessions put in their commits.
 */
final class TestLakehouseMaintenanceProperties
        extends AbstractTestQueryFramework
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-maintenance-properties");
        return LakehouseQueryRunner.builder().setWarehouse(warehouse).setWorkerCount(0).build();
    }

    @Test
    void testPolicyIsKeptInTheTableConfiguration()
            throws IOException
    {
        assertUpdate("""
                CREATE TABLE policed (id integer) WITH (
                    maintenance_enabled = false, maintenance_schedule = '0 0 2 * * ?', maintenance_target_file_size = '64MB',
                    maintenance_clustering = true, maintenance_min_unclustered_files = 10, maintenance_stable_run_files = 1,
                    deleted_file_retention = '2d', log_retention = '36h')""");
        Path table = warehouse.resolve("tpch/policed");
        JsonNode configuration = metadata(table, 0).get("configuration");
        assertThat(configuration.get("lakehouse.maintenance.enabled").asText()).isEqualTo("false");
        assertThat(configuration.get("lakehouse.maintenance.schedule").asText()).isEqualTo("0 0 2 * * ?");
        assertThat(configuration.get("lakehouse.maintenance.target-file-size").asText()).isEqualTo(Long.toString(64L << 20));
        assertThat(configuration.get("lakehouse.maintenance.clustering").asText()).isEqualTo("true");
        assertThat(configuration.get("lakehouse.maintenance.clustering.min-unclustered-files").asText()).isEqualTo("10");
        assertThat(configuration.get("lakehouse.maintenance.clustering.stable-run-files").asText()).isEqualTo("1");
        // the standard Delta keys, in the interval form other engines read
        assertThat(configuration.get("delta.deletedFileRetentionDuration").asText()).isEqualTo("interval 2 days");
        assertThat(configuration.get("delta.logRetentionDuration").asText()).isEqualTo("interval 36 hours");
        assertThat((String) computeScalar("SHOW CREATE TABLE policed"))
                .contains("maintenance_enabled = false")
                .contains("maintenance_schedule = '0 0 2 * * ?'")
                .contains("maintenance_target_file_size = '64MB'")
                .contains("maintenance_min_unclustered_files = 10")
                .contains("maintenance_stable_run_files = 1")
                .contains("deleted_file_retention = '2.00d'")
                .contains("log_retention = '1.50d'");

        assertUpdate("ALTER TABLE policed SET PROPERTIES maintenance_enabled = true, maintenance_schedule = DEFAULT");
        JsonNode changed = metadata(table, 1).get("configuration");
        assertThat(changed.get("lakehouse.maintenance.enabled").asText()).isEqualTo("true");
        assertThat(changed.has("lakehouse.maintenance.schedule")).isFalse();
        assertThat(changed.get("delta.deletedFileRetentionDuration").asText()).isEqualTo("interval 2 days");
        assertThat(commitInfo(table, 1).get("operation").asText()).isEqualTo("SET TBLPROPERTIES");

        // the table's retention is below the catalog's minimum (7 days): vacuum without a retention refuses it
        assertQueryFails("CALL system.vacuum(schema_name => 'tpch', table_name => 'policed')",
                "Retention 2.00d is shorter than the minimum vacuum retention 7.00d.*");
    }

    @Test
    void testInvalidPolicyValuesAreRefusedAndChangeNothing()
            throws IOException
    {
        assertUpdate("CREATE TABLE strict (id integer)");
        Path table = warehouse.resolve("tpch/strict");
        assertQueryFails("ALTER TABLE strict SET PROPERTIES maintenance_schedule = 'every night'",
                "Invalid value 'every night' of table property maintenance_schedule: not a Quartz cron expression .*");
        assertQueryFails("ALTER TABLE strict SET PROPERTIES maintenance_target_file_size = '512kB'",
                "Invalid value '512kB' of table property maintenance_target_file_size: a target file size must be at least 1MB.*");
        assertQueryFails("ALTER TABLE strict SET PROPERTIES maintenance_target_file_size = 'big'",
                "Invalid value 'big' of table property maintenance_target_file_size: expected a size such as '128MB' or '1GB'");
        assertQueryFails("ALTER TABLE strict SET PROPERTIES maintenance_min_unclustered_files = 0",
                "Invalid value '0' of table property maintenance_min_unclustered_files: a number of files must be at least 1");
        assertQueryFails("ALTER TABLE strict SET PROPERTIES maintenance_stable_run_files = -3",
                "Invalid value '-3' of table property maintenance_stable_run_files: a number of files must be at least 1");
        assertQueryFails("ALTER TABLE strict SET PROPERTIES deleted_file_retention = 'a while'",
                "Invalid value 'a while' of table property deleted_file_retention: expected a duration such as '7d', '36h' or '90m'");
        assertQueryFails("CREATE TABLE never (id integer) WITH (log_retention = 'forever')",
                "Invalid value 'forever' of table property log_retention: .*");
        assertThat(TableLogFiles.latestVersion(table)).isZero();
        assertThat(Files.exists(warehouse.resolve("tpch/never"))).isFalse();
    }

    @Test
    void testMaintenanceJobIdIsRecordedInCommits()
            throws IOException
    {
        assertUpdate("CREATE TABLE tagged (id integer)");
        Session job = Session.builder(getSession())
                .setCatalogSessionProperty(LakehouseQueryRunner.CATALOG, "maintenance_job_id", "compact-42")
                .build();
        assertUpdate(job, "INSERT INTO tagged VALUES 1", 1);
        assertUpdate("INSERT INTO tagged VALUES 2", 1);
        Path table = warehouse.resolve("tpch/tagged");
        assertThat(commitInfo(table, 1).get("operationParameters").get("maintenanceJobId").asText()).isEqualTo("compact-42");
        assertThat(commitInfo(table, 2).get("operationParameters").has("maintenanceJobId")).isFalse();
    }

    private static JsonNode metadata(Path table, long version)
            throws IOException
    {
        return action(table, version, "metaData");
    }

    private static JsonNode commitInfo(Path table, long version)
            throws IOException
    {
        return action(table, version, "commitInfo");
    }

    private static JsonNode action(Path table, long version, String name)
            throws IOException
    {
        return TableLogFiles.commitActions(table, version).stream()
                .filter(action -> action.has(name))
                .map(action -> action.get(name))
                .findFirst()
                .orElseThrow();
    }
}
