package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata tables on a real Trino, each checked against the log files it is read from.
 */
final class TestLakehouseMetadataTables
        extends AbstractTestQueryFramework
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

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
            assertThat(row.getField(8)).isEqualTo(commitInfo.has("operationMetrics") ? strings(commitInfo.get("operationMetrics")) : null);
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

    @Test
    void testFileColumnsComeFromTheLog()
            throws IOException
    {
        assertUpdate("CREATE TABLE filed (id integer, part varchar) WITH (partitioned_by = ARRAY['part'])");
        assertUpdate("INSERT INTO filed VALUES (1, 'a'), (2, 'a b'), (4, 'a')", 3);
        assertUpdate("INSERT INTO filed VALUES (3, 'a')", 1);
        Path table = warehouse.resolve("tpch/filed");
        Map<String, JsonNode> addsByLocation = new HashMap<>();
        for (JsonNode add : TableLogFiles.activeFiles(table)) {
            // the log's paths are URI-encoded; $path is the decoded location, as in Trino's Delta Lake connector
            addsByLocation.put(table.resolve(URLDecoder.decode(add.get("path").asText(), UTF_8)).toString(), add);
        }
        MaterializedResult rows = computeActual("SELECT id, \"$path\", \"$file_size\", \"$file_modified_time\" FROM filed");
        assertThat(rows.getRowCount()).isEqualTo(4);
        for (MaterializedRow row : rows.getMaterializedRows()) {
            String path = ((String) row.getField(1)).replaceFirst("^file:/+", "/");
            JsonNode add = addsByLocation.get(path);
            assertThat(add).as("file of row %s: %s among %s", row.getField(0), path, addsByLocation.keySet()).isNotNull();
            assertThat(row.getField(2)).isEqualTo(add.get("size").asLong());
            assertThat(((ZonedDateTime) row.getField(3)).toInstant().toEpochMilli()).isEqualTo(add.get("modificationTime").asLong());
        }
        // hidden: not in SELECT *, DESCRIBE or information_schema
        assertThat(computeActual("SELECT * FROM filed").getColumnNames()).containsExactly("id", "part");
        assertThat(computeActual("SHOW COLUMNS FROM filed").getMaterializedRows().stream().map(row -> row.getField(0))).containsExactlyInAnyOrder("id", "part");
        assertThat(computeActual("SELECT column_name FROM information_schema.columns WHERE table_name = 'filed'").getOnlyColumnAsSet()).containsExactlyInAnyOrder("id", "part");
        // a filter on a file column reads only that file; counting rows per file needs no data file
        String onePath = (String) computeScalar("SELECT \"$path\" FROM filed WHERE id = 3");
        assertThat(query("SELECT id FROM filed WHERE \"$path\" = '%s'".formatted(onePath))).matches("VALUES 3");
        assertThat(query("SELECT count(*) FROM filed GROUP BY \"$path\"")).matches("VALUES BIGINT '2', BIGINT '1', BIGINT '1'");
        // $partition: the Hive-style partition name, in the order of partitioned_by, escaped as the folders are
        assertThat(query("SELECT id, \"$partition\" FROM filed")).matches("VALUES (1, VARCHAR 'part=a'), (2, 'part=a b'), (3, 'part=a'), (4, 'part=a')");
        assertThat(query("SELECT id FROM filed WHERE \"$partition\" = 'part=a b'")).matches("VALUES 2");
        assertUpdate("CREATE TABLE two_parts (id integer, b varchar, a date) WITH (partitioned_by = ARRAY['b', 'a'])");
        assertUpdate("INSERT INTO two_parts VALUES (1, 'x/y', DATE '2024-01-02'), (2, NULL, NULL)", 2);
        assertThat(query("SELECT id, \"$partition\" FROM two_parts")).matches("VALUES (1, VARCHAR 'b=x%2Fy/a=2024-01-02'), (2, 'b=__HIVE_DEFAULT_PARTITION__/a=__HIVE_DEFAULT_PARTITION__')");
        assertUpdate("CREATE TABLE no_parts AS SELECT 1 AS id", 1);
        assertThat(query("SELECT \"$partition\" FROM no_parts")).matches("VALUES VARCHAR ''");
        // a write reading file columns writes only real ones
        assertUpdate("CREATE TABLE filed_copy AS SELECT * FROM filed", 4);
        assertThat(computeActual("SELECT * FROM filed_copy").getColumnNames()).containsExactly("id", "part");
    }

    @Test
    void testFilesHaveARowPerDataFile()
            throws IOException
    {
        assertUpdate("CREATE TABLE listed (id integer, label varchar, part varchar) WITH (partitioned_by = ARRAY['part'], column_mapping_mode = 'name', deletion_vectors_enabled = true)");
        assertUpdate("INSERT INTO listed VALUES (1, 'x', 'a'), (5, 'y', 'a'), (7, NULL, 'b')", 3);
        assertUpdate("INSERT INTO listed VALUES (9, 'z', NULL)", 1);
        assertUpdate("DELETE FROM listed WHERE id = 5", 1);
        Path table = warehouse.resolve("tpch/listed");

        MaterializedResult files = computeActual("SELECT path, partition_values, file_size_in_bytes, record_count, deleted_rows, modification_time, min_values, max_values, null_counts FROM \"listed$files\"");
        List<JsonNode> adds = TableLogFiles.activeFiles(table);
        assertThat(files.getRowCount()).isEqualTo(adds.size());
        for (JsonNode add : adds) {
            MaterializedRow row = files.getMaterializedRows().stream().filter(candidate -> candidate.getField(0).equals(add.get("path").asText())).findFirst().orElseThrow();
            assertThat(row.getField(2)).isEqualTo(add.get("size").asLong());
            JsonNode stats = MAPPER.readTree(add.get("stats").asText());
            assertThat(row.getField(3)).isEqualTo(stats.get("numRecords").asLong());
            assertThat(row.getField(4)).isEqualTo(add.has("deletionVector") ? add.get("deletionVector").get("cardinality").asLong() : 0L);
            assertThat(((ZonedDateTime) row.getField(5)).toInstant().toEpochMilli()).isEqualTo(add.get("modificationTime").asLong());
        }
        // statistics and partition values by the columns' names, not their physical ones
        assertThat(query("SELECT partition_values['part'], min_values['id'], max_values['id'], max_values['label'], null_counts['label'], deleted_rows FROM \"listed$files\" WHERE record_count = 2"))
                .matches("VALUES (CAST('a' AS varchar), CAST('1' AS varchar), CAST('5' AS varchar), CAST('y' AS varchar), CAST('0' AS varchar), BIGINT '1')");
        assertThat(query("SELECT partition_values['part'] IS NULL, null_counts['label'] FROM \"listed$files\" WHERE min_values['id'] = '7'"))
                .matches("VALUES (false, CAST('1' AS varchar))");

        // per partition, what the data says: rows read, files and bytes by the rows' own files
        assertThat(query("SELECT partition.part, file_count, record_count, total_size FROM \"listed$partitions\""))
                .matches("SELECT part, count(DISTINCT \"$path\"), count(id), sum(size) FROM (SELECT part, id, \"$path\", \"$file_size\" AS size FROM listed) " +
                        "JOIN (SELECT \"$path\" AS path, min(\"$file_size\") AS file_size FROM listed GROUP BY 1) ON \"$path\" = path GROUP BY part");
        assertThat(query("SELECT small_file_count FROM \"listed$partitions\" WHERE partition.part = 'a'")).matches("VALUES BIGINT '1'");
        // a table without partitions has one row
        assertUpdate("CREATE TABLE whole AS SELECT * FROM tpch.tiny.nation", 25);
        assertThat(query("SELECT file_count, record_count FROM \"whole$partitions\"")).matches("VALUES (BIGINT '1', BIGINT '25')");
    }

    @Test
    void testFilesKnowTheVersionThatAddedThem()
            throws IOException
    {
        assertUpdate("CREATE TABLE aging (id integer, part varchar) WITH (partitioned_by = ARRAY['part'], deletion_vectors_enabled = true)");
        assertUpdate("INSERT INTO aging VALUES (1, 'a'), (2, 'a')", 2);
        assertUpdate("INSERT INTO aging VALUES (3, 'b'), (5, 'b')", 2);
        // a deletion vector re-adds a file under its path: still the version that wrote it
        assertUpdate("DELETE FROM aging WHERE id = 2", 1);
        assertUpdate("INSERT INTO aging VALUES (4, 'c')", 1);
        assertUpdate("UPDATE aging SET id = 30 WHERE id = 3", 1);
        Path table = warehouse.resolve("tpch/aging");
        assertThat(TableLogFiles.latestVersion(table)).isEqualTo(5);
        assertThat(query("SELECT min_values['id'], version_added FROM \"aging$files\""))
                .matches("VALUES (CAST('1' AS varchar), BIGINT '1'), ('3', 2), ('4', 4), ('30', 5)");
        // carried forward by the next commits alone, and a removed file is gone
        assertUpdate("DELETE FROM aging WHERE part = 'c'", 1);
        assertUpdate("INSERT INTO aging VALUES (6, 'c')", 1);
        assertThat(query("SELECT min_values['id'], version_added FROM \"aging$files\""))
                .matches("VALUES (CAST('1' AS varchar), BIGINT '1'), ('3', 2), ('30', 5), ('6', 7)");

        // once log cleanup removed the first commits, the files of the oldest checkpoint have no known version
        assertUpdate("CREATE TABLE cleaned (id integer) WITH (checkpoint_interval = 3)");
        assertUpdate("INSERT INTO cleaned VALUES 1", 1);
        assertUpdate("INSERT INTO cleaned VALUES 2", 1);
        assertUpdate("INSERT INTO cleaned VALUES 3", 1);
        Path cleaned = warehouse.resolve("tpch/cleaned");
        assertThat(cleaned.resolve("_delta_log/%020d.checkpoint.parquet".formatted(3))).exists();
        for (long version = 0; version < 3; version++) {
            Files.delete(cleaned.resolve("_delta_log/%020d.json".formatted(version)));
        }
        assertUpdate("INSERT INTO cleaned VALUES 4", 1);
        assertThat(query("SELECT min_values['id'], version_added FROM \"cleaned$files\""))
                .matches("VALUES (CAST('1' AS varchar), CAST(NULL AS bigint)), ('2', NULL), ('3', NULL), ('4', 4)");
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
