package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code CALL system.vacuum} and its dry run {@code system.vacuum_plan} on real tables whose files and commits are
 * aged by hand (the catalog's minimum retention is one hour here).
 */
final class TestLakehouseVacuum
        extends AbstractTestQueryFramework
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-vacuum");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                .setWorkerCount(0)
                .addCatalogProperty("lakehouse.vacuum.min-retention", "1h")
                .build();
    }

    @Test
    void testVacuumDeletesWhatNoRetainedVersionNeeds()
            throws IOException
    {
        assertUpdate("CREATE TABLE vacuumed (id integer, part varchar) WITH (partitioned_by = ARRAY['part'])");
        for (int round = 0; round < 3; round++) {
            assertUpdate("INSERT INTO vacuumed VALUES (%s, 'a'), (%s, 'b')".formatted(round, round + 10), 2);
        }
        assertUpdate("ALTER TABLE vacuumed EXECUTE optimize");
        Path table = warehouse.resolve("tpch/vacuumed");
        long optimizeVersion = TableLogFiles.latestVersion(table);
        Set<String> removedByOptimize = removedPaths(table, optimizeVersion);
        assertThat(removedByOptimize).hasSize(6);
        Files.writeString(table.resolve("part=a/orphan-of-a-failed-write.parquet"), "not a committed file");
        TableLogFiles.age(table, Duration.ofHours(3));
        assertUpdate("INSERT INTO vacuumed VALUES (100, 'a')", 1);
        long latest = TableLogFiles.latestVersion(table);
        MaterializedResult latestRows = computeActual("SELECT * FROM vacuumed");

        // the dry run lists, and deletes nothing
        MaterializedResult plan = computeActual("SELECT path, reason, removed_at_version, size_bytes FROM TABLE(system.vacuum_plan(schema_name => 'tpch', table_name => 'vacuumed', retention => '1h'))");
        Set<String> removedInPlan = plan.getMaterializedRows().stream()
                .filter(row -> row.getField(1).equals("removed"))
                .peek(row -> assertThat(row.getField(2)).isEqualTo(optimizeVersion))
                .map(row -> relativePath(table, (String) row.getField(0)))
                .collect(Collectors.toSet());
        assertThat(removedInPlan).isEqualTo(removedByOptimize);
        assertThat(plan.getMaterializedRows().stream().filter(row -> row.getField(1).equals("orphan")).map(row -> relativePath(table, (String) row.getField(0))))
                .containsExactly("part=a/orphan-of-a-failed-write.parquet");
        removedByOptimize.forEach(path -> assertThat(table.resolve(path)).exists());

        assertUpdate("CALL system.vacuum(schema_name => 'tpch', table_name => 'vacuumed', retention => '1h')");
        removedByOptimize.forEach(path -> assertThat(table.resolve(path)).doesNotExist());
        assertThat(table.resolve("part=a/orphan-of-a-failed-write.parquet")).doesNotExist();
        TableLogFiles.activeFiles(table).forEach(file -> assertThat(table.resolve(file.get("path").asText())).exists());

        // the vacuum is two commits of its own, as Delta writes them
        JsonNode start = commitInfo(table, latest + 1);
        assertThat(start.get("operation").asText()).isEqualTo("VACUUM START");
        assertThat(start.get("operationMetrics").get("numFilesToDelete").asText()).isEqualTo("7");
        JsonNode end = commitInfo(table, latest + 2);
        assertThat(end.get("operation").asText()).isEqualTo("VACUUM END");
        assertThat(end.get("operationParameters").get("status").asText()).isEqualTo("COMPLETED");
        assertThat(end.get("operationMetrics").get("numDeletedFiles").asText()).isEqualTo("7");

        // versions within the retention read as before; older ones say why they cannot
        assertThat(computeActual("SELECT * FROM vacuumed").getMaterializedRows()).containsExactlyInAnyOrderElementsOf(latestRows.getMaterializedRows());
        assertThat(computeActual("SELECT * FROM vacuumed FOR VERSION AS OF " + latest).getMaterializedRows()).containsExactlyInAnyOrderElementsOf(latestRows.getMaterializedRows());
        assertThat(query("SELECT * FROM vacuumed FOR VERSION AS OF " + optimizeVersion)).matches("SELECT * FROM vacuumed WHERE id <> 100");
        assertThat(query("SELECT * FROM vacuumed FOR VERSION AS OF 2"))
                .failure().hasMessageContaining("Version 2 of table tpch.vacuumed cannot be read: its data file")
                .hasMessageContaining("Vacuum deletes the files that only versions older than its retention use");

        // nothing left to do: a second vacuum deletes nothing
        assertThat(computeActual("SELECT count(*) FROM TABLE(system.vacuum_plan(schema_name => 'tpch', table_name => 'vacuumed', retention => '1h'))").getOnlyValue()).isEqualTo(0L);
    }

    @Test
    void testBadInputChangesNothing()
            throws IOException
    {
        assertUpdate("CREATE TABLE guarded AS SELECT 1 AS id", 1);
        Path table = warehouse.resolve("tpch/guarded");
        long version = TableLogFiles.latestVersion(table);

        assertQueryFails("CALL system.vacuum(schema_name => 'tpch', table_name => 'guarded', retention => '30m')",
                "Retention 30.00m is shorter than the minimum vacuum retention 1.00h \\(catalog property lakehouse.vacuum.min-retention\\).*");
        assertQueryFails("SELECT * FROM TABLE(system.vacuum_plan(schema_name => 'tpch', table_name => 'guarded', retention => '30m'))",
                "Retention 30.00m is shorter than the minimum vacuum retention 1.00h.*");
        assertQueryFails("CALL system.vacuum(schema_name => 'tpch', table_name => 'guarded', retention => 'a week')",
                "Invalid retention 'a week': expected a duration such as '7d', '36h' or '90m'");
        assertQueryFails("CALL system.vacuum(schema_name => 'tpch', table_name => 'missing', retention => '7d')",
                "Table tpch.missing does not exist; SHOW TABLES lists the tables of a schema");
        assertThat(TableLogFiles.latestVersion(table)).isEqualTo(version);

        // without a retention, the table's delta.deletedFileRetentionDuration (7 days by default) applies
        assertUpdate("CALL system.vacuum(schema_name => 'tpch', table_name => 'guarded')");
        assertThat(commitInfo(table, version + 1).get("operationParameters").get("specifiedRetentionMillis").asText()).isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
    }

    @Test
    void testLogCleanupAfterACheckpoint()
            throws IOException
    {
        assertUpdate("CREATE TABLE cleaned (id integer) WITH (checkpoint_interval = 3)");
        for (int row = 1; row <= 4; row++) {
            assertUpdate("INSERT INTO cleaned VALUES " + row, 1);
        }
        Path table = warehouse.resolve("tpch/cleaned");
        // versions 0-4 and the checkpoint of 3 are older than the 30 days of delta.logRetentionDuration
        TableLogFiles.age(table, Duration.ofDays(40));
        assertUpdate("INSERT INTO cleaned VALUES 5", 1);
        assertUpdate("INSERT INTO cleaned VALUES 6", 1);
        // version 6 wrote a checkpoint, and the cleanup after it removed commits 0-2
        assertThat(table.resolve("_delta_log/%020d.json".formatted(2))).doesNotExist();
        assertThat(table.resolve("_delta_log/%020d.json".formatted(3))).exists();
        assertThat(query("SELECT count(*) FROM cleaned")).matches("VALUES BIGINT '6'");
        assertThat(query("SELECT count(*) FROM cleaned FOR VERSION AS OF 3")).matches("VALUES BIGINT '3'");
        assertThat(query("SELECT * FROM cleaned FOR VERSION AS OF 1"))
                .failure().hasMessageContaining("Version 1 of table")
                .hasMessageContaining("is no longer in the transaction log: log cleanup removed the log files before the checkpoint of version 3");
    }

    private static Set<String> removedPaths(Path table, long version)
            throws IOException
    {
        return TableLogFiles.commitActions(table, version).stream()
                .filter(action -> action.has("remove"))
                .map(action -> java.net.URLDecoder.decode(action.get("remove").get("path").asText(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(Collectors.toSet());
    }

    private static JsonNode commitInfo(Path table, long version)
            throws IOException
    {
        return TableLogFiles.commitActions(table, version).stream()
                .filter(action -> action.has("commitInfo"))
                .map(action -> action.get("commitInfo"))
                .findFirst()
                .orElseThrow();
    }

    private static String relativePath(Path table, String location)
    {
        String marker = table.getFileName().toString() + "/";
        return location.substring(location.indexOf(marker) + marker.length());
    }
}
