package dev.lakehouse.producttests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Eight writers mixing INSERT, DELETE, UPDATE and MERGE on one table of a real Trino server, while optimize and
 * cluster run on it too. Each writer changes only its own rows (its id range) and keeps a model of what every
 * acknowledged statement did; a statement that fails with a conflict changed nothing and is run again. Afterwards the
 * table holds exactly the models' rows, its log has no gap, and Trino's Delta Lake connector reads the same rows.
 */
@TestInstance(PER_CLASS)
final class TestConcurrentRowLevelChanges
{
    private static final int WRITERS = 8;
    private static final int STATEMENTS_PER_WRITER = 30;
    private static final int MAX_TRIES = 100;
    // between two maintenance runs: back to back, optimize and cluster would rewrite the files the writers change
    // all the time, and a writer that loses a file to them must run its statement again
    private static final long MAINTENANCE_PAUSE_MILLIS = 1_500;
    private static final String TABLE = "lakehouse.concurrent.changes";

    private TrinoServer server;
    private final AtomicInteger conflicts = new AtomicInteger();
    private final AtomicInteger maintenanceConflicts = new AtomicInteger();
    private final AtomicInteger maintenanceRuns = new AtomicInteger();

    @BeforeAll
    void startServer()
            throws Exception
    {
        server = new TrinoServer();
        server.execute("CREATE SCHEMA lakehouse.concurrent");
        server.execute("CREATE SCHEMA delta.concurrent");
    }

    @AfterAll
    void stopServer()
    {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void testConcurrentChangesKeepEveryAcknowledgedChange()
            throws Exception
    {
        // clustered by writer, so that clustering keeps each writer's rows together and writers share fewer files
        server.execute("CREATE TABLE %s (id bigint, writer integer, v bigint) WITH (clustered_by = ARRAY['writer', 'id'], checkpoint_interval = 25)".formatted(TABLE));
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService executor = Executors.newFixedThreadPool(WRITERS + 1);
        List<Map<Long, Long>> models = new ArrayList<>();
        try {
            List<Future<Map<Long, Long>>> writers = new ArrayList<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                int id = writer;
                writers.add(executor.submit(() -> write(id)));
            }
            Future<?> maintenance = executor.submit(() -> maintain(writing));
            for (Future<Map<Long, Long>> writer : writers) {
                models.add(writer.get(15, MINUTES));
            }
            writing.set(false);
            maintenance.get(5, MINUTES);
        }
        finally {
            executor.shutdownNow();
        }

        // exactly the acknowledged changes: no row lost, none twice, none deleted that came back
        Map<Long, String> expected = new TreeMap<>();
        for (int writer = 0; writer < WRITERS; writer++) {
            int owner = writer;
            models.get(writer).forEach((id, v) -> expected.put(id, owner + "," + v));
        }
        Map<Long, String> actual = new TreeMap<>();
        for (List<String> row : server.query("SELECT id, writer, v FROM " + TABLE)) {
            assertThat(actual.put(Long.parseLong(row.get(0)), row.get(1) + "," + row.get(2))).as("row %s twice", row.get(0)).isNull();
        }
        assertThat(actual).isEqualTo(expected);

        // every version from 0 to the latest is in the log, and at least 200 of them changed rows
        Path table = server.lakehouseWarehouse().resolve("concurrent/changes");
        long latest = DeltaLogFiles.latestVersion(table);
        List<String> operations = new ArrayList<>();
        int rebased = 0;
        for (long version = 0; version <= latest; version++) {
            assertThat(DeltaLogFiles.commitFile(table, version)).exists();
            JsonNode commitInfo = DeltaLogFiles.commitInfo(table, version);
            operations.add(commitInfo.get("operation").asText());
            // a commit that lost the race for the version after the one it read, found no conflict and took a later one
            if (commitInfo.has("readVersion") && commitInfo.get("readVersion").asLong() < version - 1) {
                rebased++;
            }
        }
        Map<String, Long> byOperation = operations.stream().collect(Collectors.groupingBy(operation -> operation, TreeMap::new, Collectors.counting()));
        long rowChanges = byOperation.getOrDefault("WRITE", 0L) + byOperation.getOrDefault("MERGE", 0L);
        assertThat(rowChanges).isGreaterThanOrEqualTo(200);

        // the same rows through Trino's Delta Lake connector
        server.execute("CALL delta.system.register_table(schema_name => 'concurrent', table_name => 'changes', table_location => '%s')".formatted(table.toUri()));
        Map<Long, String> throughDelta = new TreeMap<>();
        for (List<String> row : server.query("SELECT id, writer, v FROM delta.concurrent.changes")) {
            throughDelta.put(Long.parseLong(row.get(0)), row.get(1) + "," + row.get(2));
        }
        assertThat(throughDelta).isEqualTo(expected);

        System.out.printf("concurrent row-level changes: %s versions %s; %s rows; %s writer statements failed with a conflict and were run again; " +
                        "%s commits lost a race without a conflict and committed at a later version by themselves; %s maintenance runs, %s of them in conflict%n",
                latest + 1, byOperation, expected.size(), conflicts.get(), rebased, maintenanceRuns.get(), maintenanceConflicts.get());
        try (Stream<Path> checkpoints = Files.list(table.resolve("_delta_log"))) {
            assertThat(checkpoints.filter(path -> path.getFileName().toString().endsWith(".checkpoint.parquet"))).isNotEmpty();
        }
    }

    /**
     * One writer's statements, each applied to its model once the server acknowledged it.
     */
    private Map<Long, Long> write(int writer)
            throws SQLException
    {
        Random random = new Random(writer);
        Map<Long, Long> model = new HashMap<>();
        long nextId = writer * 1_000_000L;
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            for (int index = 0; index < STATEMENTS_PER_WRITER; index++) {
                int kind = index < 3 ? 0 : random.nextInt(4);
                switch (kind) {
                    case 0 -> {
                        List<Long> ids = new ArrayList<>();
                        for (int row = 0; row < 20; row++) {
                            ids.add(nextId++);
                        }
                        run(statement, random, "INSERT INTO %s VALUES %s".formatted(TABLE, ids.stream().map(id -> "(%s, %s, 0)".formatted(id, writer)).collect(Collectors.joining(", "))));
                        ids.forEach(id -> model.put(id, 0L));
                    }
                    case 1 -> {
                        int remainder = random.nextInt(7);
                        run(statement, random, "DELETE FROM %s WHERE writer = %s AND id %% 7 = %s".formatted(TABLE, writer, remainder));
                        model.keySet().removeIf(id -> id % 7 == remainder);
                    }
                    case 2 -> {
                        int remainder = random.nextInt(5);
                        run(statement, random, "UPDATE %s SET v = v + 1 WHERE writer = %s AND id %% 5 = %s".formatted(TABLE, writer, remainder));
                        model.replaceAll((id, v) -> id % 5 == remainder ? v + 1 : v);
                    }
                    default -> {
                        // some of its rows (kept, or deleted when the new value is even) and some new ones
                        List<Long> existing = new ArrayList<>(model.keySet());
                        Map<Long, Long> source = new TreeMap<>();
                        for (int row = 0; row < 3 && !existing.isEmpty(); row++) {
                            source.put(existing.get(random.nextInt(existing.size())), (long) random.nextInt(100));
                        }
                        source.put(nextId++, (long) random.nextInt(100));
                        // the writer condition lets the scan skip the files of other writers
                        run(statement, random, ("MERGE INTO %s t USING (VALUES %s) s(id, v) ON t.id = s.id AND t.writer = %s " +
                                "WHEN MATCHED AND s.v %% 2 = 0 THEN DELETE WHEN MATCHED THEN UPDATE SET v = s.v " +
                                "WHEN NOT MATCHED THEN INSERT VALUES (s.id, %s, s.v)").formatted(
                                TABLE,
                                source.entrySet().stream().map(entry -> "(BIGINT '%s', BIGINT '%s')".formatted(entry.getKey(), entry.getValue())).collect(Collectors.joining(", ")),
                                writer,
                                writer));
                        source.forEach((id, v) -> {
                            if (model.containsKey(id) && v % 2 == 0) {
                                model.remove(id);
                            }
                            else {
                                model.put(id, v);
                            }
                        });
                    }
                }
            }
        }
        return model;
    }

    /**
     * Runs a statement until it commits, as an application would: one that fails with a conflict committed nothing, and
     * is run again after a random pause (writers that change the same file take turns).
     */
    private void run(Statement statement, Random random, String sql)
            throws SQLException
    {
        for (int attempt = 1; ; attempt++) {
            try {
                statement.execute(sql);
                return;
            }
            catch (SQLException e) {
                if (!isConflict(e) || attempt == MAX_TRIES) {
                    throw e;
                }
                conflicts.incrementAndGet();
                try {
                    Thread.sleep(50 + random.nextInt(400));
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void maintain(AtomicBoolean writing)
    {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            // small files, so that clustering by writer leaves most files with one writer's rows
            statement.execute("SET SESSION lakehouse.target_file_size = '8kB'");
            for (int round = 0; writing.get(); round++) {
                try {
                    Thread.sleep(MAINTENANCE_PAUSE_MILLIS);
                    statement.execute("ALTER TABLE %s EXECUTE %s".formatted(TABLE, round % 2 == 0 ? "optimize" : "cluster"));
                    maintenanceRuns.incrementAndGet();
                }
                catch (SQLException e) {
                    if (!isConflict(e)) {
                        throw new IllegalStateException(e);
                    }
                    maintenanceConflicts.incrementAndGet();
                }
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isConflict(SQLException e)
    {
        return e.getMessage() != null && e.getMessage().contains("conflicts with a concurrent commit");
    }
}
