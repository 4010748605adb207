package dev.lakehouse.producttests;

import com.google.common.collect.ImmutableMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Writes killed with SIGKILL (the Trino server process, as a crash would) at random moments: before, while and after
 * they write data files or deletion vectors and while they commit. After each restart the table reads either all of
 * the write or none of it, its log has no gap, and vacuum removes what the killed write left behind (files no version
 * names), after which every file of the table is one the log names.
 */
@TestInstance(PER_CLASS)
final class TestKilledWrites
{
    private static final String TABLE = "lakehouse.killed.t";
    private static final String VECTORS_TABLE = "lakehouse.killed.t_dv";

    private TrinoServer server;
    private Path vacuumWarehouse;

    @BeforeAll
    void startServer()
            throws Exception
    {
        // a second catalog over the same tables whose vacuum may use a retention of zero
        vacuumWarehouse = Files.createTempDirectory("lakehouse-killed-writes-vacuum");
        server = new TrinoServer(ImmutableMap.of("lakehouse_vacuum", ImmutableMap.of(
                "connector.name", "lakehouse",
                "lakehouse.warehouse", vacuumWarehouse.toUri().toString(),
                "lakehouse.vacuum.min-retention", "0s")));
        server.execute("CREATE SCHEMA lakehouse.killed");
        server.execute("CREATE SCHEMA lakehouse_vacuum.killed");
    }

    @AfterAll
    void stopServer()
    {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void testKilledWritesLeaveTheTableAtACommittedVersion()
            throws Exception
    {
        server.execute("CREATE TABLE %s AS SELECT orderkey, partkey, quantity FROM tpch.sf1.lineitem WHERE orderkey %% 4 = 0".formatted(TABLE));
        server.execute("CREATE TABLE %s WITH (deletion_vectors_enabled = true) AS SELECT orderkey, partkey, quantity FROM tpch.sf1.lineitem WHERE orderkey %% 4 = 0".formatted(VECTORS_TABLE));
        List<Write> writes = List.of(
                new Write(TABLE, "INSERT INTO %s SELECT orderkey, partkey, quantity FROM tpch.sf1.lineitem WHERE orderkey %% 4 = 1", "count(*) + (SELECT count(*) FROM tpch.sf1.lineitem WHERE orderkey % 4 = 1)", "sum(quantity) + (SELECT sum(quantity) FROM tpch.sf1.lineitem WHERE orderkey % 4 = 1)"),
                new Write(TABLE, "UPDATE %s SET quantity = quantity + 1 WHERE orderkey %% 10 = 4", "count(*)", "sum(quantity) + count_if(orderkey % 10 = 4)"),
                new Write(VECTORS_TABLE, "DELETE FROM %s WHERE orderkey %% 10 = 8", "count_if(orderkey % 10 <> 8)", "sum(IF(orderkey % 10 = 8, 0, quantity))"),
                new Write(TABLE, "DELETE FROM %s WHERE orderkey %% 10 = 8", "count_if(orderkey % 10 <> 8)", "sum(IF(orderkey % 10 = 8, 0, quantity))"),
                new Write(VECTORS_TABLE, "UPDATE %s SET quantity = quantity + 1 WHERE orderkey %% 10 = 4", "count(*)", "sum(quantity) + count_if(orderkey % 10 = 4)"),
                new Write(TABLE, "INSERT INTO %s SELECT orderkey, partkey, quantity FROM tpch.sf1.lineitem WHERE orderkey %% 4 = 2", "count(*) + (SELECT count(*) FROM tpch.sf1.lineitem WHERE orderkey % 4 = 2)", "sum(quantity) + (SELECT sum(quantity) FROM tpch.sf1.lineitem WHERE orderkey % 4 = 2)"));
        Random random = new Random(42);
        List<String> outcomes = new ArrayList<>();
        for (Write write : writes) {
            Path table = tablePath(write.table());
            List<String> before = checksum(write.table(), "count(*)", "sum(quantity)");
            List<String> after = checksum(write.table(), write.expectedCount(), write.expectedSum());
            long versionBefore = DeltaLogFiles.latestVersion(table);

            // killed between right away and a little after the write would end: every phase gets hit over the runs
            long delayMillis = 200 + random.nextInt(6_000);
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    server.execute(write.statement().formatted(write.table()));
                }
                catch (SQLException e) {
                    // the server died under it
                }
            });
            Thread.sleep(delayMillis);
            boolean finishedBeforeKill = running.isDone();
            server.killAndRestart();
            running.join();

            List<String> now = checksum(write.table(), "count(*)", "sum(quantity)");
            long versionNow = DeltaLogFiles.latestVersion(table);
            // all of the write or nothing of it, and the log says which
            assertThat(now).as("after killing '%s' at %s ms", write.statement(), delayMillis).isIn(before, after);
            assertThat(versionNow).isEqualTo(now.equals(after) && !after.equals(before) ? versionBefore + 1 : versionBefore);
            for (long version = 0; version <= versionNow; version++) {
                assertThat(DeltaLogFiles.commitFile(table, version)).exists();
            }
            outcomes.add("%s killed at %s ms: %s".formatted(write.statement().formatted(write.table()), delayMillis, finishedBeforeKill ? "had finished" : now.equals(after) ? "committed" : "nothing committed"));

            // what the killed write left behind is only files no version names: vacuum with no retention removes them
            // all, and leaves exactly the files of the latest version
            String name = write.table().substring(write.table().lastIndexOf('.') + 1);
            server.execute("CALL lakehouse_vacuum.system.register_table(schema_name => 'killed', table_name => '%s', table_location => '%s')".formatted(name, table.toUri()));
            server.execute("CALL lakehouse_vacuum.system.vacuum(schema_name => 'killed', table_name => '%s', retention => '0s')".formatted(name));
            server.execute("CALL lakehouse_vacuum.system.unregister_table(schema_name => 'killed', table_name => '%s')".formatted(name));
            assertThat(dataFiles(table)).isEqualTo(DeltaLogFiles.activeFiles(table));
            assertThat(checksum(write.table(), "count(*)", "sum(quantity)")).isEqualTo(now);
        }
        outcomes.forEach(outcome -> System.out.println("killed write: " + outcome));
    }

    private record Write(String table, String statement, String expectedCount, String expectedSum) {}

    private List<String> checksum(String table, String count, String sum)
            throws SQLException
    {
        return server.query("SELECT %s, %s FROM %s".formatted(count, sum, table)).getFirst();
    }

    private Path tablePath(String table)
    {
        return server.lakehouseWarehouse().resolve("killed").resolve(table.substring(table.lastIndexOf('.') + 1));
    }

    /** The data files in the table's folder, as relative paths (the log's form for files this connector wrote). */
    private static Set<String> dataFiles(Path table)
            throws IOException
    {
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".parquet"))
                    .filter(path -> !table.relativize(path).startsWith("_delta_log"))
                    .map(path -> table.relativize(path).toString())
                    .collect(Collectors.toSet());
        }
    }
}
