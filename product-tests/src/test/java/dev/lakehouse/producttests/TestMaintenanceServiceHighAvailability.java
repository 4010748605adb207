package dev.lakehouse.producttests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

import static dev.lakehouse.producttests.DeltaLogFiles.activeFiles;
import static dev.lakehouse.producttests.DeltaLogFiles.commitInfo;
import static dev.lakehouse.producttests.DeltaLogFiles.versionsOf;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Two maintenance service instances sharing a Quartz job store on PostgreSQL: each due job runs once, and when the
 * instance running a job is killed with SIGKILL the other takes the work over after Quartz's failover.
 */
@TestInstance(PER_CLASS)
final class TestMaintenanceServiceHighAvailability
{
    private PostgresServer postgres;
    private TrinoServer server;
    private final List<MaintenanceServiceProcess> instances = new ArrayList<>();

    @BeforeAll
    void start()
            throws Exception
    {
        postgres = new PostgresServer();
        server = new TrinoServer();
        server.execute("CREATE SCHEMA lakehouse.ha");
        Path directory = Files.createTempDirectory("maintenance-ha");
        Map<String, String> config = Map.of(
                "maintenance.job-store", "JDBC",
                "maintenance.job-store.jdbc-url", postgres.jdbcUrl(),
                "maintenance.job-store.jdbc-user", PostgresServer.USER,
                "maintenance.job-store.jdbc-password", PostgresServer.PASSWORD,
                "maintenance.evaluation-interval", "2s");
        instances.add(new MaintenanceServiceProcess(server, directory.resolve("first"), config));
        instances.add(new MaintenanceServiceProcess(server, directory.resolve("second"), config));
    }

    @AfterAll
    void stop()
            throws Exception
    {
        for (MaintenanceServiceProcess instance : instances) {
            instance.close();
        }
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void testEachDueJobRunsOnce()
            throws Exception
    {
        server.execute("CREATE TABLE lakehouse.ha.once (id bigint, part varchar) WITH (partitioned_by = ARRAY['part'])");
        for (int insert = 0; insert < 13; insert++) {
            server.execute("INSERT INTO lakehouse.ha.once VALUES (%s, 'a')".formatted(insert));
        }
        Path table = server.lakehouseWarehouse().resolve("ha/once");
        Polling.await(() -> !versionsOf(table, "OPTIMIZE").isEmpty(), Duration.ofMinutes(2), "a compaction of " + table);
        // several more ticks of both instances: nobody compacts the same files again
        Thread.sleep(8000);
        assertThat(versionsOf(table, "OPTIMIZE")).hasSize(1);
        // every instance lists the jobs of both (their shared job history): the same one compaction, by one of them
        List<String> instanceIds = instances.stream().map(instance -> instance.get("/v1/info").get("instance").asText()).toList();
        for (MaintenanceServiceProcess instance : instances) {
            List<JsonNode> succeeded = jobs(instance, "ha.once").stream()
                    .filter(job -> job.get("kind").asText().equals("COMPACT") && job.get("state").asText().equals("SUCCEEDED"))
                    .toList();
            assertThat(succeeded).hasSize(1);
            String jobId = succeeded.getFirst().get("id").asText();
            for (long version : versionsOf(table, "OPTIMIZE")) {
                assertThat(commitInfo(table, version).path("operationParameters").path("maintenanceJobId").asText()).startsWith(jobId);
            }
            assertThat(instanceIds).contains(succeeded.getFirst().get("instance").asText());
            assertThat(instance.get("/v1/jobs/" + jobId).get("state").asText()).isEqualTo("SUCCEEDED");
        }
        assertThat(server.query("SELECT count(*), sum(id) FROM lakehouse.ha.once")).containsExactly(List.of("13", "78"));
    }

    @Test
    void testRequestedJobsRunOnWhicheverInstanceAndShowOnBoth()
            throws Exception
    {
        // a job requested from one instance runs on whichever instance's scheduler fires it first (a table each: two
        // checkpoints of one version at once would race to write the same file)
        List<String> jobIds = new ArrayList<>();
        for (int request = 0; request < 4; request++) {
            server.execute("CREATE TABLE lakehouse.ha.requested_%s AS SELECT 1 AS id".formatted(request));
            HttpResponse<String> started = instances.get(request % 2).post("/v1/tables/ha/requested_%s/jobs".formatted(request), "{\"kind\": \"checkpoint\"}", Optional.of(MaintenanceServiceProcess.API_TOKEN));
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            jobIds.add(MaintenanceServiceProcess.parse(started.body()).get("id").asText());
        }
        for (String jobId : jobIds) {
            for (MaintenanceServiceProcess instance : instances) {
                instance.await("/v1/jobs/" + jobId, job -> job.get("state").asText().equals("SUCCEEDED"), Duration.ofMinutes(1), "requested job %s to succeed".formatted(jobId));
            }
        }
    }

    @Test
    void testKilledInstancesWorkIsTakenOver()
            throws Exception
    {
        // loaded with maintenance off, then switched on: the compaction of 13 larger files takes a few seconds
        server.execute("CREATE TABLE lakehouse.ha.big WITH (maintenance_enabled = false) AS SELECT orderkey, partkey, suppkey, quantity, comment FROM tpch.tiny.lineitem");
        for (int insert = 0; insert < 12; insert++) {
            server.execute("INSERT INTO lakehouse.ha.big SELECT orderkey, partkey, suppkey, quantity, comment FROM tpch.tiny.lineitem");
        }
        List<List<String>> expected = server.query("SELECT count(*), sum(orderkey), sum(quantity) FROM lakehouse.ha.big");
        server.execute("ALTER TABLE lakehouse.ha.big SET PROPERTIES maintenance_enabled = true");

        // the instance that starts the compaction dies in the middle of it
        JsonNode running = null;
        MaintenanceServiceProcess victim = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (running == null && System.nanoTime() < deadline) {
            for (MaintenanceServiceProcess instance : instances) {
                // both instances list the job: the one running it is the one it names
                String instanceId = instance.get("/v1/info").get("instance").asText();
                Optional<JsonNode> job = jobs(instance, "ha.big").stream()
                        .filter(found -> found.get("state").asText().equals("RUNNING") && found.get("instance").asText().equals(instanceId))
                        .findFirst();
                if (job.isPresent()) {
                    running = job.get();
                    victim = instance;
                    break;
                }
            }
            Thread.sleep(50);
        }
        assertThat(running).as("a running job on ha.big").isNotNull();
        victim.kill();
        MaintenanceServiceProcess survivor = instances.get(1 - instances.indexOf(victim));

        // after Quartz's failover the survivor runs the interrupted run again and the table ends compacted
        Path table = server.lakehouseWarehouse().resolve("ha/big");
        awaitLog(survivor, "of ha.big after its instance stopped", Duration.ofMinutes(2));
        Polling.await(() -> !versionsOf(table, "OPTIMIZE").isEmpty() && activeFiles(table).size() < 13, Duration.ofMinutes(2), "the table to be compacted");
        assertThat(server.query("SELECT count(*), sum(orderkey), sum(quantity) FROM lakehouse.ha.big")).isEqualTo(expected);
        // whichever commit won, the rewritten files were committed once: the table holds each row once
        assertThat(server.query("SELECT count(*) FROM (SELECT orderkey, partkey, suppkey, quantity, comment, count(*) c FROM lakehouse.ha.big GROUP BY 1, 2, 3, 4, 5) WHERE c <> 13"))
                .containsExactly(List.of("0"));

        // the killed instance starts again and rejoins the cluster
        victim.launcher("start");
        assertThat(victim.get("/v1/info").get("state").asText()).isEqualTo("ACTIVE");
    }

    private static List<JsonNode> jobs(MaintenanceServiceProcess instance, String table)
    {
        return StreamSupport.stream(instance.get("/v1/jobs?table=" + table).spliterator(), false).toList();
    }

    private static void awaitLog(MaintenanceServiceProcess instance, String text, Duration timeout)
            throws Exception
    {
        Polling.await(() -> Files.exists(instance.serverLog()) && Files.readString(instance.serverLog(), UTF_8).contains(text), timeout, "'%s' in the log of the surviving instance".formatted(text));
    }
}
