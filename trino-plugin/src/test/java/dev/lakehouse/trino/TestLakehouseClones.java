package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code CALL system.clone_table} on a real Trino: a shallow clone reads its source's files in place, the two tables
 * change independently, and vacuum of the source never deletes a file a clone still reads.
 */
final class TestLakehouseClones
        extends AbstractTestQueryFramework
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-clones");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                .addCatalogProperty("lakehouse.vacuum.min-retention", "1h")
                .build();
    }

    @Test
    void testCloneCopiesNoDataAndStaysIndependent()
            throws IOException
    {
        assertUpdate("CREATE TABLE source_a WITH (partitioned_by = ARRAY['orderstatus'], deletion_vectors_enabled = true) AS " +
                "SELECT orderkey, custkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey < 20000", "SELECT count(*) FROM orders WHERE orderkey < 20000");
        assertUpdate("INSERT INTO source_a SELECT orderkey, custkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey >= 20000", "SELECT count(*) FROM orders WHERE orderkey >= 20000");
        // a deletion vector in the source: the clone gets its own copy of it
        assertUpdate("DELETE FROM source_a WHERE custkey % 10 = 0", "SELECT count(*) FROM orders WHERE custkey % 10 = 0");
        Path source = warehouse.resolve("tpch/source_a");
        long sourceVersion = TableLogFiles.latestVersion(source);
        MaterializedResult sourceRows = computeActual("SELECT * FROM source_a");

        assertUpdate("CALL system.clone_table(schema_name => 'tpch', table_name => 'source_a', target_schema_name => 'tpch', target_table_name => 'clone_a')");
        Path clone = warehouse.resolve("tpch/clone_a");
        assertThat(computeActual("SELECT * FROM clone_a").getMaterializedRows()).containsExactlyInAnyOrderElementsOf(sourceRows.getMaterializedRows());
        assertThat(dataFiles(clone)).isEmpty();
        assertThat(computeScalar("SHOW CREATE TABLE clone_a").toString()).contains("partitioned_by = ARRAY['orderstatus']").contains("deletion_vectors_enabled = true");
        List<JsonNode> first = TableLogFiles.commitActions(clone, 0);
        JsonNode commitInfo = first.stream().filter(action -> action.has("commitInfo")).findFirst().orElseThrow().get("commitInfo");
        assertThat(commitInfo.get("operation").asText()).isEqualTo("CLONE");
        assertThat(commitInfo.get("operationParameters").get("sourceVersion").asText()).isEqualTo(String.valueOf(sourceVersion));
        List<String> paths = first.stream().filter(action -> action.has("add")).map(action -> action.get("add").get("path").asText()).toList();
        assertThat(paths).isNotEmpty().allSatisfy(path -> assertThat(Path.of(URI.create(path))).startsWith(source).exists());
        String sourceTableId = TableLogFiles.commitActions(source, 0).stream().filter(action -> action.has("metaData")).findFirst().orElseThrow().get("metaData").get("id").asText();
        assertThat(first.stream().filter(action -> action.has("metaData")).findFirst().orElseThrow().get("metaData").get("id").asText()).isNotEqualTo(sourceTableId);

        // writes to the clone leave the source alone, and the reverse
        assertUpdate("UPDATE clone_a SET totalprice = 0 WHERE orderstatus = 'F'", "SELECT count(*) FROM orders WHERE orderstatus = 'F' AND custkey % 10 <> 0");
        assertUpdate("DELETE FROM clone_a WHERE orderstatus = 'P'", "SELECT count(*) FROM orders WHERE orderstatus = 'P' AND custkey % 10 <> 0");
        assertUpdate("INSERT INTO clone_a VALUES (1, 1, 'X', 1.0)", 1);
        assertThat(computeActual("SELECT * FROM source_a").getMaterializedRows()).containsExactlyInAnyOrderElementsOf(sourceRows.getMaterializedRows());
        assertUpdate("DELETE FROM source_a WHERE orderstatus = 'O'", "SELECT count(*) FROM orders WHERE orderstatus = 'O' AND custkey % 10 <> 0");
        assertQuery("SELECT count(*), sum(totalprice) FROM clone_a",
                "SELECT count(*) + 1, sum(CASE WHEN orderstatus = 'F' THEN 0 ELSE totalprice END) + 1 FROM orders WHERE custkey % 10 <> 0 AND orderstatus <> 'P'");
        assertQuery("SELECT count(*) FROM source_a", "SELECT count(*) FROM orders WHERE custkey % 10 <> 0 AND orderstatus <> 'O'");
        // the clone's own files are in its own folder
        assertThat(dataFiles(clone)).isNotEmpty();

        // a clone of an older version
        assertUpdate("CALL system.clone_table('tpch', 'source_a', 'tpch', 'clone_a_v1', 1)");
        assertQuery("SELECT count(*) FROM clone_a_v1", "SELECT count(*) FROM orders");

        // a clone that others clone is a source too, for the files it wrote itself
        assertUpdate("CALL system.clone_table('tpch', 'clone_a', 'tpch', 'clone_of_clone_a')");
        assertQueryFails("DROP TABLE clone_a", ".*Cannot drop table tpch.clone_a: shallow clones at .*clone_of_clone_a.* read its data files in place.*");
        assertUpdate("DROP TABLE clone_of_clone_a");
        assertUpdate("DROP TABLE clone_a");
    }

    @Test
    void testVacuumOfTheSourceSparesWhatClonesRead()
            throws IOException
    {
        assertUpdate("CREATE TABLE source_v AS SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders", "SELECT count(*) FROM orders");
        assertUpdate("CALL system.clone_table('tpch', 'source_v', 'tpch', 'clone_v')");
        // a clone of the clone reads the source's files too, and must survive the first clone's drop
        assertUpdate("CALL system.clone_table('tpch', 'clone_v', 'tpch', 'clone_of_clone_v')");
        Path source = warehouse.resolve("tpch/source_v");
        List<Path> sharedFiles = dataFiles(source);

        // every row of the source goes; its files are now only in old versions of the source, and in the clones
        assertUpdate("DELETE FROM source_v WHERE true", "SELECT count(*) FROM orders");
        TableLogFiles.age(source, Duration.ofDays(2));
        assertUpdate("CALL system.vacuum('tpch', 'source_v', '1d')");
        assertThat(sharedFiles).allSatisfy(file -> assertThat(file).exists());
        assertQuery("SELECT count(*), sum(totalprice) FROM clone_v", "SELECT count(*), sum(totalprice) FROM orders");

        // the source cannot be dropped or moved while clones read its files
        assertQueryFails("DROP TABLE source_v", ".*Cannot drop table tpch.source_v: shallow clones at .*clone_v.* read its data files in place.*Drop those clones first.*");
        assertQueryFails("ALTER TABLE source_v RENAME TO source_v2", ".*Cannot rename table tpch.source_v: shallow clones at .* read its data files in place.*");
        // a clone that moves is still protected at its new place
        assertUpdate("ALTER TABLE clone_of_clone_v RENAME TO clone_of_clone_renamed");
        assertUpdate("DROP TABLE clone_v");
        TableLogFiles.age(source, Duration.ofDays(2));
        assertUpdate("CALL system.vacuum('tpch', 'source_v', '1d')");
        assertThat(sharedFiles).allSatisfy(file -> assertThat(file).exists());
        assertQuery("SELECT count(*), sum(totalprice) FROM clone_of_clone_renamed", "SELECT count(*), sum(totalprice) FROM orders");

        // with no clone left, vacuum deletes them
        assertUpdate("DROP TABLE clone_of_clone_renamed");
        assertUpdate("CALL system.vacuum('tpch', 'source_v', '1d')");
        assertThat(sharedFiles).allSatisfy(file -> assertThat(file).doesNotExist());
        assertUpdate("DROP TABLE source_v");
    }

    @Test
    void testBadInputIsRefusedClearly()
            throws IOException
    {
        assertUpdate("CREATE TABLE source_bad (id integer)");
        assertUpdate("INSERT INTO source_bad VALUES 1", 1);
        assertUpdate("DELETE FROM source_bad WHERE true", 1);
        assertUpdate("INSERT INTO source_bad VALUES 2", 1);
        assertQueryFails("CALL system.clone_table('tpch', 'missing', 'tpch', 'clone_bad')", ".*Table tpch.missing does not exist.*");
        assertQueryFails("CALL system.clone_table('tpch', 'source_bad', 'no_schema', 'clone_bad')", ".*Schema no_schema not found.*");
        assertQueryFails("CALL system.clone_table('tpch', 'source_bad', 'tpch', 'source_bad')", ".*Table already exists: tpch.source_bad.*");
        assertQueryFails("CALL system.clone_table('tpch', 'source_bad', 'tpch', '')", ".*target_table_name must be a non-empty string.*");
        assertQueryFails("CALL system.clone_table('tpch', 'source_bad', 'tpch', 'clone_bad', -1)", ".*version must be a version of table tpch.source_bad.*");
        assertQueryFails("CALL system.clone_table('tpch', 'source_bad', 'tpch', 'clone_bad', 99)", ".*(?i)version 99.*");
        // version 1's file is gone, as after a vacuum
        Path source = warehouse.resolve("tpch/source_bad");
        String path = TableLogFiles.commitActions(source, 1).stream().filter(action -> action.has("add")).findFirst().orElseThrow().get("add").get("path").asText();
        Files.delete(source.resolve(java.net.URLDecoder.decode(path, java.nio.charset.StandardCharsets.UTF_8)));
        assertQueryFails("CALL system.clone_table('tpch', 'source_bad', 'tpch', 'clone_bad', 1)", ".*Cannot clone version 1 of table tpch.source_bad: its data file .* no longer exists.*");
        assertQueryReturnsEmptyResult("SHOW TABLES LIKE 'clone_bad'");
        assertThat(warehouse.resolve("tpch/source_bad/_delta_log/_lakehouse/clones")).satisfiesAnyOf(
                folder -> assertThat(folder).doesNotExist(),
                folder -> assertThat(folder).isEmptyDirectory());
    }

    private static List<Path> dataFiles(Path table)
            throws IOException
    {
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".parquet") && !file.toString().contains("_delta_log")).toList();
        }
    }
}
