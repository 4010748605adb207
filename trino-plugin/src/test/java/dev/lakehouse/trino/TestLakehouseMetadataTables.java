package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata tables on a real Trino, each checked against the log files it is read from.
 */
final class TestLakehouseMetadataTables
        extends AbstractTestQueryFramework
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-metadata-tables");
        return LakehouseQueryRunner.builder().setWarehouse(warehouse).build();
    }

    @Test
    void testHistoryHasARowPerCommit()
            throws IOException
    {
        assertUpdate("CREATE TABLE events (id integer, kind varchar) WITH (column_mapping_mode = 'name')");
        assertUpdate("INSERT INTO events VALUES (1, 'a'), (2, 'b')", 2);
        assertUpdate("INSERT INTO events VALUES (3, 'c')", 1);
        assertUpdate("UPDATE events SET kind = 'z' WHERE id = 2", 1);
        assertUpdate("DELETE FROM events WHERE id = 3", 1);
        assertUpdate("ALTER TABLE events RENAME COLUMN kind TO category");
        Path table = warehouse.resolve("tpch/events");
        long latest = TableLogFiles.latestVersion(table);

        MaterializedResult history = computeActual("SELECT version, timestamp, user_name, operation, operation_parameters, read_version, isolation_level, is_blind_append, operation_metrics FROM \"events$history\"");
        assertThat(history.getRowCount()).isEqualTo(latest + 1);
        for (MaterializedRow row : history.getMaterializedRows()) {
            long version = (Long) row.getField(0);
            JsonNode commitInfo = commitInfo(table, version);
            assertThat(((ZonedDateTime) row.getField(1)).toInstant().toEpochMilli()).as("timestamp of %s", version).isEqualTo(commitInfo.get("timestamp").asLong());
            assertThat(row.getField(2)).isEqualTo(commitInfo.get("userName").asText());
            assertThat(row.getField(3)).as("operation of %s", version).isEqualTo(commitInfo.get("operation").asText());
            assertThat(row.getField(4)).isEqualTo(strings(commitInfo.get("operationParameters")));
            assertThat(row.getField(8)).isEqualTo(strings(commitInfo.get("operationMetrics")));
            assertThat(row.getField(7)).isEqualTo(commitInfo.has("isBlindAppend") ? commitInfo.get("isBlindAppend").asBoolean() : null);
        }
        assertThat(computeActual("SELECT operation FROM \"events$history\" ORDER BY version").getOnlyColumn().toList())
                .containsExactly("CREATE TABLE", "WRITE", "WRITE", "MERGE", "MERGE", "RENAME COLUMN");
        // a filter on the version reads only the commits it selects
        assertThat(query("SELECT version, operation, is_blind_append FROM \"events$history\" WHERE version = 1"))
                .matches("VALUES (BIGINT '1', CAST('WRITE' AS varchar), true)");
        assertThat(query("SELECT count(*) FROM \"events$history\" WHERE version > 3")).matches("VALUES BIGINT '%s'".formatted(latest - 3));
        assertThat(query("SELECT operation_parameters['newColumnPath'] FROM \"events$history\" WHERE operation = 'RENAME COLUMN'")).matches("VALUES CAST('category' AS varchar)");
    }

    @Test
    void testPropertiesListConfigurationAndProtocol()
            throws IOException
    {
        assertUpdate("CREATE TABLE configured (id integer) WITH (checkpoint_interval = 5, deletion_vectors_enabled = true)");
        Path table = warehouse.resolve("tpch/configured");
        JsonNode protocol = TableLogFiles.latestAction(table, "protocol");
        JsonNode metadata = TableLogFiles.latestAction(table, "metaData");
        Map<String, String> expected = new HashMap<>(strings(metadata.get("configuration")));
        expected.put("delta.minReaderVersion", protocol.get("minReaderVersion").asText());
        expected.put("delta.minWriterVersion", protocol.get("minWriterVersion").asText());
        protocol.get("readerFeatures").forEach(feature -> expected.put("delta.feature." + feature.asText(), "supported"));
        protocol.get("writerFeatures").forEach(feature -> expected.put("delta.feature." + feature.asText(), "supported"));

        Map<String, String> actual = new HashMap<>();
        computeActual("SELECT key, value FROM \"configured$properties\"").getMaterializedRows()
                .forEach(row -> actual.put((String) row.getField(0), (String) row.getField(1)));
        assertThat(actual).isEqualTo(expected);
        assertThat(actual).containsEntry("delta.checkpointInterval", "5").containsEntry("delta.feature.deletionVectors", "supported");
        assertQueryFails("SELECT * FROM \"configured$nonsense\"", ".*Table 'lakehouse.tpch.\"configured\\$nonsense\"' does not exist");
    }

    private static JsonNode commitInfo(Path table, long version)
            throws IOException
    {
        List<JsonNode> actions = TableLogFiles.commitActions(table, version);
        return actions.stream().filter(action -> action.has("commitInfo")).findFirst().orElseThrow().get("commitInfo");
    }

    private static Map<String, String> strings(JsonNode object)
    {
        Map<String, String> map = new HashMap<>();
        if (object != null) {
            object.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().isNull() ? null : entry.getValue().asText()));
        }
        return map;
    }
}
