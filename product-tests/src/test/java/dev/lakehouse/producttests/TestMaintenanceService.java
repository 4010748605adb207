package dev.lakehouse.producttests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static dev.lakehouse.producttests.DeltaLogFiles.actions;
import static dev.lakehouse.producttests.DeltaLogFiles.activeFiles;
import static dev.lakehouse.producttests.DeltaLogFiles.commitFile;
import static dev.lakehouse.producttests.DeltaLogFiles.commitInfo;
import static dev.lakehouse.producttests.DeltaLogFiles.latestVersion;
import static dev.lakehouse.producttests.DeltaLogFiles.versionsWhere;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Trino and the maintenance service, each its own process started by its launcher, over one warehouse: a table
 * written by a stream of small INSERTs keeps itself compact, clustered and vacuumed while the writers go on.
 */
@TestInstance(PER_CLASS)
final class TestMaintenanceService
{
    private static final int WRITERS = 2;
    private static final int INSERTS_PER_WRITER = 110;
    private static final int ROWS_PER_INSERT = 5;
    private static final String BOX_QUERY = "SELECT count(*) FROM lakehouse.kept.events WHERE x BETWEEN 0.2 AND 0.3 AND y BETWEEN 0.6 AND 0.7";

    private TrinoServer server;
    private MaintenanceServiceProcess service;

    @BeforeAll
    void start()
            throws Exception
    {
        server = new TrinoServer();
        server.execute("CREATE SCHEMA lakehouse.kept");
        service = new MaintenanceServiceProcess(server, Files.createTempDirectory("maintenance-service"), Map.of(
                "maintenance.evaluation-interval", "2s",
                "maintenance.vacuum.min-retention", "20s",
                // 250 inserts, clustered every 12 new files (Apache Amoro's trigger) rather than 50, so that several
                // clusterings and merges of runs happen while the writers go on
                "maintenance.clustering.min-unclustered-files", "12"));
    }

    @AfterAll
    void stop()
            throws Exception
    {
        if (service != null) {
            service.close();
            assertThat(service.launcher("status")).contains("Not running");
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void testTableKeepsItselfFastWhileWritersGoOn()
            throws Exception
    {
        server.execute("CREATE TABLE lakehouse.kept.events (id bigint, x double, y double) WITH (clustered_by = ARRAY['x', 'y'], deleted_file_retention = '30s')");
        Path table = server.lakehouseWarehouse().resolve("kept/events");
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();

        // paused, the table collects small files as it would without maintenance
        assertThat(service.post("/v1/tables/kept/events/pause", "", Optional.of(MaintenanceServiceProcess.API_TOKEN)).statusCode()).isEqualTo(200);
        insert(0, 0, 30, acknowledged);
        long smallFiles = activeFiles(table).size();
        long splitsUnmaintained = server.queryWithStatistics(TrinoServer.ONE_SPLIT_PER_FILE, BOX_QUERY).stats().getTotalSplits();
        assertThat(smallFiles).isEqualTo(30);
        assertThat(service.post("/v1/tables/kept/events/resume", "", Optional.of(MaintenanceServiceProcess.API_TOKEN)).statusCode()).isEqualTo(200);

        try (ExecutorService writers = Executors.newFixedThreadPool(WRITERS)) {
            List<Future<?>> done = new ArrayList<>();
            for (int writer = 1; writer <= WRITERS; writer++) {
                int id = writer;
                done.add(writers.submit(() -> {
                    insert(id, 0, INSERTS_PER_WRITER, acknowledged);
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get();
            }
        }
        long lastWrite = latestVersion(table);

        // the service catches up: nothing left to cluster, at least one clustering job done
        service.await("/v1/tables/kept/events", status -> !isDue(status, "CLUSTER") && !isDue(status, "REBUILD_STATS"), Duration.ofMinutes(3), "the table to be clustered");
        JsonNode clusterJobs = service.get("/v1/jobs?table=kept.events&state=succeeded");
        assertThat(StreamSupport.stream(clusterJobs.spliterator(), false).filter(job -> job.get("kind").asText().equals("CLUSTER")).count()).isPositive();

        // no acknowledged row lost, none twice
        List<List<String>> rows = server.query("SELECT id FROM lakehouse.kept.events");
        Set<Long> ids = rows.stream().map(row -> Long.parseLong(row.getFirst())).collect(Collectors.toSet());
        assertThat(rows).hasSize(acknowledged.size());
        assertThat(ids).isEqualTo(acknowledged);
        assertThat(acknowledged).hasSize((WRITERS * INSERTS_PER_WRITER + 30) * ROWS_PER_INSERT);

        // the service committed while the writers went on, under its job ids
        List<Long> serviceCommits = versionsWhere(table, commitInfo -> commitInfo.path("operationParameters").has("maintenanceJobId"));
        assertThat(serviceCommits).isNotEmpty();
        assertThat(serviceCommits.getFirst()).isLessThan(lastWrite);

        // fewer files, fewer read by a box query on the clustering columns, complete statistics
        assertThat(activeFiles(table).size()).isLessThan((int) smallFiles);
        long splitsMaintained = server.queryWithStatistics(TrinoServer.ONE_SPLIT_PER_FILE, BOX_QUERY).stats().getTotalSplits();
        assertThat(splitsMaintained).as("splits of the box query: %s maintained, %s unmaintained", splitsMaintained, splitsUnmaintained).isLessThan(splitsUnmaintained);
        assertThat(server.query("SELECT column_name, files_without_statistics FROM lakehouse.kept.\"events$layout\""))
                .containsExactlyInAnyOrder(List.of("id", "0"), List.of("x", "0"), List.of("y", "0"));

        // after the retention, the service's vacuum removes the files the clustering replaced
        Polling.await(() -> !versionsWhere(table, TestMaintenanceService::isDeletingVacuum).isEmpty(), Duration.ofMinutes(3), "a vacuum by the service that deletes files");
        // no further vacuum may move the retention window while the versions are checked
        assertThat(service.post("/v1/tables/kept/events/pause", "", Optional.of(MaintenanceServiceProcess.API_TOKEN)).statusCode()).isEqualTo(200);
        service.await("/v1/jobs?table=kept.events&state=running", JsonNode::isEmpty, Duration.ofMinutes(2), "the running job to finish");
        long vacuumEnd = versionsWhere(table, TestMaintenanceService::isDeletingVacuum).getLast();
        String vacuumJob = commitInfo(table, vacuumEnd).path("operationParameters").path("maintenanceJobId").asText();
        // writers may have committed between the start and the end of the vacuum
        long vacuumStart = versionsWhere(table, commitInfo -> commitInfo.path("operation").asText().equals("VACUUM START")
                && commitInfo.path("operationParameters").path("maintenanceJobId").asText().equals(vacuumJob)).getFirst();
        JsonNode start = commitInfo(table, vacuumStart);
        long threshold = start.path("timestamp").asLong() - Long.parseLong(start.path("operationParameters").path("specifiedRetentionMillis").asText());
        long oldestRetained = oldestRetainedVersion(table, vacuumStart, threshold);
        // the vacuum planned a moment before its start commit, after its job started: its threshold lies between the
        // job's start and the start commit, minus the retention; what it must have deleted is what the earlier bound gives
        Instant jobStarted = Instant.parse(service.get("/v1/jobs/" + vacuumJob).get("startedAt").asText());
        long plannedThreshold = jobStarted.toEpochMilli() - Long.parseLong(start.path("operationParameters").path("specifiedRetentionMillis").asText());
        List<String> expired = removedUpTo(table, oldestRetainedVersion(table, vacuumStart, plannedThreshold));
        assertThat(expired).isNotEmpty();
        expired.forEach(path -> assertThat(table.resolve(path)).as("expired file %s", path).doesNotExist());

        // every version within the retention reads the same rows here and in Trino's Delta Lake connector
        server.execute("CREATE SCHEMA IF NOT EXISTS delta.oracle");
        server.execute("CALL delta.system.register_table(schema_name => 'oracle', table_name => 'kept_events', table_location => '%s')".formatted(table.toUri()));
        for (long version = oldestRetained; version <= vacuumEnd; version++) {
            String query = "SELECT count(*), sum(id), sum(CAST(floor(x * 1e9) AS bigint)) FROM %s FOR VERSION AS OF " + version;
            assertThat(server.query(query.formatted("lakehouse.kept.events"))).as("version %s", version).isEqualTo(server.query(query.formatted("delta.oracle.kept_events")));
        }
    }

    @Test
    void testPartitionsAreCompactedEachInABatchOfItsOwn()
            throws Exception
    {
        server.execute("CREATE TABLE lakehouse.kept.daily (id bigint, day date, kind varchar) WITH (partitioned_by = ARRAY['day', 'kind'])");
        Path table = server.lakehouseWarehouse().resolve("kept/daily");
        // two partitions reach the trigger of 12 small files, a third stays below it
        for (int insert = 0; insert < 13; insert++) {
            server.execute("INSERT INTO lakehouse.kept.daily VALUES (%s, DATE '2024-01-01', 'a b'), (%s, DATE '2024-01-02', 'it''s')".formatted(insert, insert + 100));
        }
        for (int insert = 0; insert < 3; insert++) {
            server.execute("INSERT INTO lakehouse.kept.daily VALUES (%s, DATE '2024-01-03', NULL)".formatted(insert + 200));
        }
        JsonNode compaction = service.await("/v1/jobs?table=kept.daily&state=succeeded",
                jobs -> StreamSupport.stream(jobs.spliterator(), false).anyMatch(job -> job.get("kind").asText().equals("COMPACT")),
                Duration.ofMinutes(2), "a compaction of kept.daily");
        JsonNode job = StreamSupport.stream(compaction.spliterator(), false).filter(found -> found.get("kind").asText().equals("COMPACT")).findFirst().orElseThrow();
        assertThat(job.get("batchesTotal").asInt()).isEqualTo(2);
        assertThat(job.get("commitVersions")).hasSize(2);
        assertThat(job.get("durationMillis").asLong()).isPositive();
        assertThat(server.query("SELECT day, kind, count(*) FROM lakehouse.kept.daily GROUP BY 1, 2"))
                .containsExactlyInAnyOrder(List.of("2024-01-01", "a b", "13"), List.of("2024-01-02", "it's", "13"), Arrays.asList("2024-01-03", null, "3"));
        // one file in each compacted partition, the third partition as it was
        assertThat(activeFiles(table)).hasSize(5);
        assertThat(activeFiles(table).stream().filter(path -> path.startsWith("day=2024-01-03/"))).hasSize(3);
    }

    @Test
    void testStopLetsTheRunningBatchFinishAndStartsNoOther()
            throws Exception
    {
        int partitions = 24;
        server.execute("CREATE TABLE lakehouse.kept.stopping (id bigint, part integer) WITH (partitioned_by = ARRAY['part'])");
        Path table = server.lakehouseWarehouse().resolve("kept/stopping");
        // the class's service leaves this table to the one stopped here
        assertThat(service.post("/v1/tables/kept/stopping/pause", "", Optional.of(MaintenanceServiceProcess.API_TOKEN)).statusCode()).isEqualTo(200);
        for (int insert = 0; insert < 3; insert++) {
            server.execute("INSERT INTO lakehouse.kept.stopping SELECT %s * 1000 + part, part FROM UNNEST(sequence(1, %s)) AS t(part)".formatted(insert, partitions));
        }
        List<List<String>> rowsBefore = server.query("SELECT part, count(*), sum(id) FROM lakehouse.kept.stopping GROUP BY part");

        // a service that only does what it is asked: its own evaluation finds no partition due (3 small files each)
        MaintenanceServiceProcess stopped = new MaintenanceServiceProcess(server, Files.createTempDirectory("maintenance-service-stop"), Map.of("maintenance.evaluation-interval", "1h"));
        HttpResponse<String> started = stopped.post("/v1/tables/kept/stopping/jobs", "{\"kind\": \"compact\"}", Optional.of(MaintenanceServiceProcess.API_TOKEN));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String jobId = MaintenanceServiceProcess.parse(started.body()).get("id").asText();
        Predicate<JsonNode> byThisJob = commitInfo -> commitInfo.path("operationParameters").path("maintenanceJobId").asText().startsWith(jobId + "-");
        Polling.await(() -> !versionsWhere(table, byThisJob).isEmpty(), Duration.ofMinutes(1), "the first batch of the compaction to commit");
        assertThat(stopped.launcher("stop")).startsWith("Stopped");

        // the job stopped between batches: some partitions compacted, each in one whole commit, the others untouched
        List<Long> committed = versionsWhere(table, byThisJob);
        assertThat(committed.size()).as("batches committed before the stop").isBetween(1, partitions - 1);
        Set<String> compacted = new HashSet<>();
        for (long version : committed) {
            List<JsonNode> actions = actions(table, version);
            Set<String> partitionsTouched = actions.stream()
                    .filter(action -> action.has("add") || action.has("remove"))
                    .map(action -> (action.has("add") ? action.get("add") : action.get("remove")).get("partitionValues").get("part").asText())
                    .collect(Collectors.toSet());
            assertThat(partitionsTouched).as("partitions of version %s", version).hasSize(1);
            assertThat(actions.stream().filter(action -> action.has("remove")).count()).as("files removed by version %s", version).isEqualTo(3);
            assertThat(actions.stream().filter(action -> action.has("add")).count()).as("files added by version %s", version).isEqualTo(1);
            compacted.addAll(partitionsTouched);
        }
        Map<String, Long> filesPerPartition = activeFiles(table).stream().collect(Collectors.groupingBy(path -> path.substring("part=".length(), path.indexOf('/')), Collectors.counting()));
        assertThat(filesPerPartition).hasSize(partitions);
        filesPerPartition.forEach((part, files) -> assertThat(files).as("files of partition %s", part).isEqualTo(compacted.contains(part) ? 1 : 3));
        assertThat(server.query("SELECT part, count(*), sum(id) FROM lakehouse.kept.stopping GROUP BY part")).containsExactlyInAnyOrderElementsOf(rowsBefore);
        assertThat(Files.readString(stopped.serverLog())).contains("Job %s (compact of kept.stopping) ended ABANDONED".formatted(jobId));
    }

    @Test
    void testServiceVacuumSparesFilesThatClonesRead()
            throws Exception
    {
        server.execute("CREATE TABLE lakehouse.kept.clone_source WITH (deleted_file_retention = '20s') AS SELECT orderkey, totalprice FROM tpch.tiny.orders");
        server.execute("CALL lakehouse.system.clone_table('kept', 'clone_source', 'kept', 'clone_copy')");
        Path source = server.lakehouseWarehouse().resolve("kept/clone_source");
        List<Path> sharedFiles = activeFiles(source).stream().map(source::resolve).toList();
        assertThat(sharedFiles).isNotEmpty();
        server.execute("DELETE FROM lakehouse.kept.clone_source");
        // past the retention, only the clone still reads the removed files (the service may vacuum on its own meanwhile: it must spare them too)
        Thread.sleep(Duration.ofSeconds(22));

        runVacuumJob("clone_source", source);
        assertThat(sharedFiles).allSatisfy(file -> assertThat(file).exists());
        assertThat(server.query("SELECT count(*), sum(orderkey) FROM lakehouse.kept.clone_copy")).isEqualTo(server.query("SELECT count(*), sum(orderkey) FROM tpch.tiny.orders"));

        // without the clone, the same vacuum deletes them
        server.execute("DROP TABLE lakehouse.kept.clone_copy");
        runVacuumJob("clone_source", source);
        assertThat(sharedFiles).allSatisfy(file -> assertThat(file).doesNotExist());
    }

    private void runVacuumJob(String tableName, Path table)
            throws Exception
    {
        HttpResponse<String> started = service.post("/v1/tables/kept/%s/jobs".formatted(tableName), "{\"kind\": \"vacuum\"}", Optional.of(MaintenanceServiceProcess.API_TOKEN));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String jobId = MaintenanceServiceProcess.parse(started.body()).get("id").asText();
        Polling.await(() -> !versionsWhere(table, commitInfo -> commitInfo.path("operation").asText().equals("VACUUM END")
                && commitInfo.path("operationParameters").path("maintenanceJobId").asText().equals(jobId)).isEmpty(), Duration.ofMinutes(1), "vacuum job " + jobId + " to end");
    }

    @Test
    void testBadRequestsGetClearErrorsAndChangeNothing()
            throws Exception
    {
        server.execute("CREATE TABLE lakehouse.kept.guarded AS SELECT 1 AS id");
        Path table = server.lakehouseWarehouse().resolve("kept/guarded");
        long version = latestVersion(table);
        HttpResponse<String> withoutToken = service.post("/v1/tables/kept/guarded/jobs", "{\"kind\": \"compact\"}", Optional.empty());
        assertThat(withoutToken.statusCode()).isEqualTo(401);
        HttpResponse<String> wrongToken = service.post("/v1/tables/kept/guarded/jobs", "{\"kind\": \"compact\"}", Optional.of("guess"));
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        HttpResponse<String> unknownKind = service.post("/v1/tables/kept/guarded/jobs", "{\"kind\": \"defragment\"}", Optional.of(MaintenanceServiceProcess.API_TOKEN));
        assertThat(unknownKind.statusCode()).isEqualTo(400);
        assertThat(MaintenanceServiceProcess.parse(unknownKind.body()).get("error").asText())
                .isEqualTo("Unknown job kind 'defragment': send {\"kind\": \"...\"} with one of compact, cluster, rebuild_stats, checkpoint, vacuum");
        HttpResponse<String> unknownTable = service.post("/v1/tables/kept/missing/jobs", "{\"kind\": \"compact\"}", Optional.of(MaintenanceServiceProcess.API_TOKEN));
        assertThat(unknownTable.statusCode()).isEqualTo(404);
        assertThat(unknownTable.body()).contains("Table kept.missing not found in the warehouse").contains("GET /v1/tables lists its tables");
        assertThat(latestVersion(table)).isEqualTo(version);
        assertThat(service.getText("/metrics")).contains("lakehouse_maintenance_jobs_total{kind=\"compact\",state=\"succeeded\"}").endsWith("# EOF\n");
    }

    @Test
    void testTablesOfTrinosDeltaLakeConnectorAreMaintainedByTheSameRules()
            throws Exception
    {
        server.execute("CREATE SCHEMA IF NOT EXISTS delta.theirs");
        server.execute("CREATE TABLE delta.theirs.orders AS SELECT orderkey, orderstatus FROM tpch.tiny.orders");
        String location = server.query("SELECT \"$path\" FROM delta.theirs.orders LIMIT 1").getFirst().getFirst();
        Path folder = Path.of(URI.create(location.substring(0, location.lastIndexOf('/'))));
        server.execute("CALL lakehouse.system.register_table(schema_name => 'kept', table_name => 'theirs', table_location => '%s')".formatted(folder.toUri()));
        for (int i = 0; i < 3; i++) {
            server.execute("INSERT INTO lakehouse.kept.theirs SELECT orderkey + %s, orderstatus FROM tpch.tiny.orders WHERE orderkey < 100".formatted((i + 1) * 1_000_000));
        }
        JsonNode job = MaintenanceServiceProcess.parse(service.post("/v1/tables/kept/theirs/jobs", "{\"kind\": \"checkpoint\"}", Optional.of(MaintenanceServiceProcess.API_TOKEN)).body());
        String id = job.get("id").asText();
        JsonNode finished = service.await("/v1/jobs/" + id, status -> !status.get("state").asText().equals("QUEUED") && !status.get("state").asText().equals("RUNNING"), Duration.ofMinutes(1), "the checkpoint job");
        assertThat(finished.get("state").asText()).isEqualTo("SUCCEEDED");
        long version = latestVersion(folder);
        assertThat(folder.resolve("_delta_log/%020d.checkpoint.parquet".formatted(version))).exists();
        assertThat(server.query("SELECT count(*), sum(orderkey) FROM delta.theirs.orders")).isEqualTo(server.query("SELECT count(*), sum(orderkey) FROM lakehouse.kept.theirs"));
    }

    private void insert(int writer, int first, int inserts, Set<Long> acknowledged)
            throws SQLException
    {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            for (int insert = first; insert < first + inserts; insert++) {
                List<Long> ids = new ArrayList<>();
                StringBuilder values = new StringBuilder();
                for (int row = 0; row < ROWS_PER_INSERT; row++) {
                    long id = writer * 1_000_000L + insert * ROWS_PER_INSERT + row;
                    ids.add(id);
                    values.append(row == 0 ? "" : ", ").append("(%s, %s, %s)".formatted(id, ThreadLocalRandom.current().nextDouble(), ThreadLocalRandom.current().nextDouble()));
                }
                statement.execute("INSERT INTO lakehouse.kept.events VALUES " + values);
                acknowledged.addAll(ids);
            }
        }
    }

    private static boolean isDeletingVacuum(JsonNode commitInfo)
    {
        return commitInfo.path("operation").asText().equals("VACUUM END")
                && commitInfo.path("operationParameters").has("maintenanceJobId")
                && !commitInfo.path("operationMetrics").path("numDeletedFiles").asText("0").equals("0");
    }

    private static boolean isDue(JsonNode table, String kind)
    {
        return StreamSupport.stream(table.path("decisions").spliterator(), false)
                .anyMatch(decision -> decision.get("kind").asText().equals(kind) && decision.get("due").asBoolean());
    }

    /**
     * Files removed by the commits up to {@code version} and not added again: no version from {@code version} on
     * needs them.
     */
    private static List<String> removedUpTo(Path table, long version)
            throws IOException
    {
        List<String> removed = new ArrayList<>();
        for (long removing = 0; removing <= version; removing++) {
            for (JsonNode action : actions(table, removing)) {
                if (action.has("remove")) {
                    removed.add(URLDecoder.decode(action.get("remove").get("path").asText(), UTF_8));
                }
            }
        }
        Set<String> active = activeFiles(table);
        removed.removeIf(active::contains);
        return removed;
    }

    /**
     * The version that was current at {@code threshold}: the one before the oldest commit made after it (commit
     * times need not grow with versions when writers race, so this is the vacuum's own conservative rule).
     */
    private static long oldestRetainedVersion(Path table, long beforeVersion, long threshold)
            throws IOException
    {
        for (long version = 0; version < beforeVersion; version++) {
            if (Files.getLastModifiedTime(commitFile(table, version)).toMillis() > threshold) {
                return Math.max(0, version - 1);
            }
        }
        return beforeVersion - 1;
    }
}
