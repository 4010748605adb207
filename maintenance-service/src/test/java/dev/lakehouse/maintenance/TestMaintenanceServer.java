package dev.lakehouse.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.maintenance.TestingMaintenanceServer.Response;
import dev.lakehouse.maintenance.scheduler.MaintenanceScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import static dev.lakehouse.maintenance.TestingWarehouse.location;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

@TestInstance(PER_CLASS)
final class TestMaintenanceServer
{
    private static final String TOKEN = "test-token-1234";

    private TestingWarehouse warehouse;
    private TestingMaintenanceServer server;

    @BeforeAll
    void setUp()
            throws IOException
    {
        warehouse = new TestingWarehouse();
        // version 3, 6 files of 1000 bytes; a Parquet checkpoint at version 2
        warehouse.createTable(warehouse.tableFolder("demo", "orders"), ImmutableMap.of("delta.checkpointInterval", "2", "delta.appendOnly", "false"), 3, 2, 1000, 2);
        // version 1, 1 file of 500 bytes
        warehouse.createTable(warehouse.tableFolder("demo", "customers"), ImmutableMap.of(), 1, 1, 500, 0);
        // a table outside the warehouse, registered with a pointer file: version 2, 2 files of 100 bytes
        warehouse.createTable(warehouse.outsideFolder("registered"), ImmutableMap.of(), 2, 1, 100, 0);
        warehouse.registerTable("sales", "registered", warehouse.outsideFolder("registered"));
        warehouse.createDamagedTable("sales", "damaged");
        // neither a table nor a schema
        Files.createDirectories(warehouse.root().resolve("demo").resolve("not_a_table"));
        Files.createDirectories(warehouse.root().resolve("_internal").resolve("table"));

        server = new TestingMaintenanceServer(ImmutableMap.of(
                "lakehouse.warehouse", warehouse.root().toString(),
                "maintenance.api-token", TOKEN,
                "maintenance.evaluation-interval", "1s"));
    }

    @AfterAll
    void tearDown()
            throws IOException
    {
        if (server != null) {
            server.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    void testInfo()
    {
        Response response = server.get("/v1/info");
        assertThat(response.status()).isEqualTo(200);
        JsonNode info = response.json();
        assertThat(info.get("service").asText()).isEqualTo("lakehouse-maintenance");
        assertThat(info.get("version").asText()).matches("\\d+\\.\\d+.*");
        assertThat(info.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(info.get("warehouse").asText()).isEqualTo(location(warehouse.root()).toString());
        assertThat(Instant.parse(info.get("startedAt").asText())).isBefore(Instant.now());
    }

    @Test
    void testListTables()
    {
        Response response = server.get("/v1/tables");
        assertThat(response.status()).isEqualTo(200);
        JsonNode tables = response.json();
        assertThat(tables).hasSize(4);

        assertTable(tables.get(0), "demo", "customers", 1, 1, 500);
        assertTable(tables.get(1), "demo", "orders", 3, 6, 6000);
        assertThat(tables.get(1).get("location").asText()).isEqualTo(location(warehouse.tableFolder("demo", "orders")).toString());
        assertThat(tables.get(1).has("configuration")).isFalse();

        JsonNode damaged = tables.get(2);
        assertThat(damaged.get("schema").asText()).isEqualTo("sales");
        assertThat(damaged.get("table").asText()).isEqualTo("damaged");
        assertThat(damaged.get("problem").asText()).startsWith("Cannot read the transaction log");
        assertThat(damaged.has("version")).isFalse();

        assertTable(tables.get(3), "sales", "registered", 2, 2, 200);
        assertThat(tables.get(3).get("location").asText()).isEqualTo(location(warehouse.outsideFolder("registered")).toString());
    }

    @Test
    void testGetTable()
    {
        Response response = server.get("/v1/tables/demo/orders");
        assertThat(response.status()).isEqualTo(200);
        JsonNode table = response.json();
        assertTable(table, "demo", "orders", 3, 6, 6000);
        assertThat(table.get("configuration").get("delta.checkpointInterval").asText()).isEqualTo("2");
        assertThat(table.get("configuration").get("delta.appendOnly").asText()).isEqualTo("false");
    }

    @Test
    void testUnknownTable()
    {
        for (String path : new String[] {"/v1/tables/demo/missing", "/v1/tables/nowhere/orders", "/v1/tables/demo/not_a_table", "/v1/tables/_internal/table"}) {
            Response response = server.get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.json().get("error").asText())
                    .contains("not found")
                    .contains("GET /v1/tables lists");
        }
        assertThat(server.get("/v1/tables/demo/missing").json().get("error").asText()).contains("demo.missing");
    }

    @Test
    void testPauseAndResumeNeedTheToken()
    {
        Response withoutToken = server.post("/v1/tables/demo/customers/pause", Optional.empty());
        assertThat(withoutToken.status()).isEqualTo(401);
        assertThat(withoutToken.wwwAuthenticate()).contains("Bearer");
        assertThat(withoutToken.json().get("error").asText()).contains("Authorization: Bearer");

        Response wrongToken = server.post("/v1/tables/demo/customers/pause", Optional.of("not-the-token"));
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(isPaused("customers")).isFalse();

        Response paused = server.post("/v1/tables/demo/customers/pause", Optional.of(TOKEN));
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json().get("paused").asBoolean()).isTrue();
        assertThat(isPaused("customers")).isTrue();
        assertThat(server.get("/v1/tables").json().get(0).get("paused").asBoolean()).isTrue();

        Response resumed = server.post("/v1/tables/demo/customers/resume", Optional.of(TOKEN));
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(isPaused("customers")).isFalse();

        Response unknown = server.post("/v1/tables/demo/missing/pause", Optional.of(TOKEN));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).contains("demo.missing");
    }

    @Test
    void testWritesAreRefusedWithoutConfiguredToken()
    {
        MaintenanceScheduler scheduler;
        try (TestingMaintenanceServer readOnly = new TestingMaintenanceServer(ImmutableMap.of("lakehouse.warehouse", warehouse.root().toString()))) {
            assertThat(readOnly.get("/v1/tables/demo/orders").status()).isEqualTo(200);
            Response response = readOnly.post("/v1/tables/demo/orders/pause", Optional.of(TOKEN));
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.json().get("error").asText()).contains("set maintenance.api-token");
            scheduler = readOnly.getInstance(MaintenanceScheduler.class);
            assertThat(scheduler.isRunning()).isTrue();
        }
        // stopping the service stops its scheduler
        assertThat(scheduler.isRunning()).isFalse();
    }

    @Test
    void testEvaluationRunsEveryInterval()
    {
        Instant first = waitFor(() -> evaluatedAt(server.get("/v1/tables/demo/orders").json()));
        // the interval is 1s: a later evaluation observes the table again
        Instant later = waitFor(() -> evaluatedAt(server.get("/v1/tables/demo/orders").json()).filter(time -> time.isAfter(first)));
        assertThat(later).isAfter(first);
        assertThat(server.get("/v1/info").json().has("lastEvaluatedAt")).isTrue();
    }

    private boolean isPaused(String table)
    {
        return server.get("/v1/tables/demo/" + table).json().get("paused").asBoolean();
    }

    private static Optional<Instant> evaluatedAt(JsonNode table)
    {
        return Optional.ofNullable(table.get("lastEvaluatedAt")).map(time -> Instant.parse(time.asText()));
    }

    private static void assertTable(JsonNode table, String schema, String name, long version, long files, long bytes)
    {
        assertThat(table.get("schema").asText()).isEqualTo(schema);
        assertThat(table.get("table").asText()).isEqualTo(name);
        assertThat(table.get("version").asLong()).isEqualTo(version);
        assertThat(table.get("files").asLong()).isEqualTo(files);
        assertThat(table.get("bytes").asLong()).isEqualTo(bytes);
        assertThat(table.has("problem")).isFalse();
    }

    private static <T> T waitFor(Supplier<Optional<T>> condition)
    {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Optional<T> value = condition.get();
            if (value.isPresent()) {
                return value.get();
            }
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeException(e);
            }
        }
        throw new AssertionError("condition not met within 30 seconds");
    }
}
