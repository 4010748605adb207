package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ALTER TABLE ... EXECUTE restore} on a real Trino: the table returns to an old version's rows and schema in a
 * new commit that writes no data file, and refuses clearly when it cannot.
 */
final class TestLakehouseRestore
        extends AbstractTestQueryFramework
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-restore");
        return LakehouseQueryRunner.builder().setWarehouse(warehouse).build();
    }

    @Test
    void testRestoreReturnsToAnOldVersion()
            throws IOException
    {
        assertUpdate("CREATE TABLE restored (id integer, label varchar, part varchar) WITH (partitioned_by = ARRAY['part'])");
        assertUpdate("INSERT INTO restored VALUES (1, 'a', 'x'), (2, 'b', 'y')", 2);
        assertUpdate("INSERT INTO restored VALUES (3, 'c', 'x')", 1);
        Path table = warehouse.resolve("tpch/restored");
        long good = TableLogFiles.latestVersion(table);
        MaterializedResult goodRows = computeActual("SELECT * FROM restored FOR VERSION AS OF " + good);
        // a bad write, a schema change, more rows
        assertUpdate("UPDATE restored SET label = 'oops' WHERE part = 'x'", 2);
        assertUpdate("DELETE FROM restored WHERE id = 2", 1);
        assertUpdate("ALTER TABLE restored ADD COLUMN note varchar");
        assertUpdate("INSERT INTO restored VALUES (4, 'd', 'z', 'new')", 1);
        long bad = TableLogFiles.latestVersion(table);
        MaterializedResult badRows = computeActual("SELECT * FROM restored");
        Set<String> filesBefore = filesEverAdded(table, bad);

        assertUpdate("ALTER TABLE restored EXECUTE restore(version => %s)".formatted(good));
        long restoredVersion = TableLogFiles.latestVersion(table);
        assertThat(restoredVersion).isEqualTo(bad + 1);
        assertThat(computeActual("SELECT * FROM restored").getMaterializedRows()).containsExactlyInAnyOrderElementsOf(goodRows.getMaterializedRows());
        assertThat(computeActual("SELECT * FROM restored").getColumnNames()).containsExactly("id", "label", "part");
        // no data file was written: every file the restore added was added before
        List<JsonNode> actions = TableLogFiles.commitActions(table, restoredVersion);
        List<String> added = actions.stream().filter(action -> action.has("add")).map(action -> action.get("add").get("path").asText()).toList();
        assertThat(added).isNotEmpty();
        assertThat(filesBefore).containsAll(added);
        JsonNode commitInfo = actions.stream().filter(action -> action.has("commitInfo")).findFirst().orElseThrow().get("commitInfo");
        assertThat(commitInfo.get("operation").asText()).isEqualTo("RESTORE");
        assertThat(commitInfo.get("operationParameters").get("version").asText()).isEqualTo(String.valueOf(good));
        assertThat(commitInfo.get("operationMetrics").get("numRestoredFiles").asInt()).isEqualTo(added.size());
        // the bad version stays readable, and the table takes writes again
        assertThat(computeActual("SELECT * FROM restored FOR VERSION AS OF " + bad).getMaterializedRows()).containsExactlyInAnyOrderElementsOf(badRows.getMaterializedRows());
        assertUpdate("INSERT INTO restored VALUES (5, 'e', 'x')", 1);
        assertThat(query("SELECT count(*) FROM restored")).matches("VALUES BIGINT '%s'".formatted(goodRows.getRowCount() + 1));

        // by time: the version current at an instant
        Instant afterFive = Instant.now();
        assertUpdate("DELETE FROM restored WHERE id = 5", 1);
        assertUpdate("ALTER TABLE restored EXECUTE restore(timestamp => '%s')".formatted(afterFive));
        assertThat(query("SELECT count(*) FROM restored WHERE id = 5")).matches("VALUES BIGINT '1'");
    }

    @Test
    void testRestoreRefusesWhatItCannotDo()
            throws IOException
    {
        assertUpdate("CREATE TABLE refused (id integer)");
        assertUpdate("INSERT INTO refused VALUES 1", 1);
        assertUpdate("DELETE FROM refused", 1);
        assertUpdate("INSERT INTO refused VALUES 2", 1);
        Path table = warehouse.resolve("tpch/refused");
        long latest = TableLogFiles.latestVersion(table);

        assertQueryFails("ALTER TABLE refused EXECUTE restore", ".*restore needs exactly one of version => n and timestamp => .*");
        assertQueryFails("ALTER TABLE refused EXECUTE restore(version => 1, timestamp => '2026-01-01T00:00:00Z')", ".*restore needs exactly one of version.*");
        assertQueryFails("ALTER TABLE refused EXECUTE restore(version => %s)".formatted(latest), ".*Cannot restore table tpch.refused to version %s: restore goes back to an older version, and the latest is %s.*".formatted(latest, latest));
        assertQueryFails("ALTER TABLE refused EXECUTE restore(timestamp => 'yesterday')", ".*timestamp 'yesterday' is not an ISO-8601 instant.*");

        // the file version 1 needs is gone, as after a vacuum: the restore says so and commits nothing
        String path = TableLogFiles.commitActions(table, 1).stream().filter(action -> action.has("add")).findFirst().orElseThrow().get("add").get("path").asText();
        Files.delete(table.resolve(URLDecoder.decode(path, UTF_8)));
        assertQueryFails("ALTER TABLE refused EXECUTE restore(version => 1)", ".*Cannot restore table tpch.refused to version 1: its data file .* no longer exists.*restore a version within the retention.*");
        assertThat(TableLogFiles.latestVersion(table)).isEqualTo(latest);
        assertThat(query("SELECT * FROM refused")).matches("VALUES 2");
    }

    private static Set<String> filesEverAdded(Path table, long upTo)
            throws IOException
    {
        Set<String> paths = new HashSet<>();
        for (long version = 0; version <= upTo; version++) {
            TableLogFiles.commitActions(table, version).stream()
                    .filter(action -> action.has("add"))
                    .forEach(action -> paths.add(action.get("add").get("path").asText()));
        }
        return paths;
    }
}
