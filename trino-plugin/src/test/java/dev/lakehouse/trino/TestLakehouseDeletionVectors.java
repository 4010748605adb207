package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DELETE, UPDATE and MERGE on a table with {@code deletion_vectors_enabled}: a file that loses rows is added again with
 * a deletion vector (a small file beside it) instead of being rewritten; vectors accumulate the rows deleted over
 * several changes, a file that loses every row is removed, and every version reads its own rows.
 */
final class TestLakehouseDeletionVectors
        extends AbstractTestQueryFramework
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-deletion-vectors");
        return LakehouseQueryRunner.builder().setWarehouse(warehouse).setWorkerCount(1).build();
    }

    @Test
    void testDeleteWritesDeletionVectorsInsteadOfFiles()
            throws IOException
    {
        assertUpdate("CREATE TABLE dv WITH (deletion_vectors_enabled = true) AS SELECT orderkey, custkey, orderstatus, totalprice FROM tpch.tiny.orders", 15000);
        Path table = warehouse.resolve("tpch/dv");
        JsonNode protocol = action(table, 0, "protocol");
        assertThat(protocol.get("readerFeatures").toString()).contains("deletionVectors");
        assertThat(protocol.get("writerFeatures").toString()).contains("deletionVectors");
        assertThat((String) computeScalar("SHOW CREATE TABLE dv")).contains("deletion_vectors_enabled = true");
        List<Path> dataFiles = files(table, ".parquet");
        long created = TableLogFiles.latestVersion(table);

        assertUpdate("DELETE FROM dv WHERE orderkey % 100 = 1", 150);
        assertThat(query("SELECT count(*), sum(totalprice) FROM dv")).matches("SELECT count(*), sum(totalprice) FROM tpch.tiny.orders WHERE orderkey % 100 <> 1");
        // no data file was written: each file that lost rows was removed and added again with a vector
        assertThat(files(table, ".parquet")).containsExactlyInAnyOrderElementsOf(dataFiles);
        List<JsonNode> actions = TableLogFiles.commitActions(table, created + 1);
        List<JsonNode> adds = actions.stream().filter(line -> line.has("add")).map(line -> line.get("add")).toList();
        List<JsonNode> removes = actions.stream().filter(line -> line.has("remove")).map(line -> line.get("remove")).toList();
        assertThat(adds).isNotEmpty().allSatisfy(add -> assertThat(add.has("deletionVector")).isTrue());
        assertThat(adds.stream().map(add -> add.get("path").asText())).containsExactlyInAnyOrderElementsOf(removes.stream().map(remove -> remove.get("path").asText()).toList());
        assertThat(adds.stream().mapToLong(add -> add.get("deletionVector").get("cardinality").asLong()).sum()).isEqualTo(150);
        long vectorBytes = files(table, ".bin").stream().mapToLong(TestLakehouseDeletionVectors::size).sum();
        long dataBytes = dataFiles.stream().mapToLong(TestLakehouseDeletionVectors::size).sum();
        assertThat(files(table, ".bin")).hasSize(adds.size());
        assertThat(vectorBytes).isLessThan(dataBytes / 100);

        // a second change adds its rows to the vectors: an UPDATE deletes by vector and writes the new rows
        assertUpdate("UPDATE dv SET totalprice = 0 WHERE orderkey % 100 = 2", 150);
        assertThat(query("SELECT count(*), count_if(totalprice = 0) FROM dv")).matches("SELECT count(*), BIGINT '150' FROM tpch.tiny.orders WHERE orderkey % 100 <> 1");
        List<JsonNode> updated = TableLogFiles.activeFiles(table).stream().filter(add -> add.has("deletionVector")).toList();
        assertThat(updated.stream().mapToLong(add -> add.get("deletionVector").get("cardinality").asLong()).sum()).isEqualTo(300);
        assertUpdate("MERGE INTO dv t USING (SELECT orderkey FROM tpch.tiny.orders WHERE orderkey % 100 = 3) s ON t.orderkey = s.orderkey WHEN MATCHED THEN DELETE", 150);
        assertThat(query("SELECT count(*) FROM dv")).matches("SELECT count(*) FROM tpch.tiny.orders WHERE orderkey % 100 NOT IN (1, 3)");
        assertThat(query("SELECT count(*) FROM dv WHERE orderkey % 100 = 2")).matches("VALUES BIGINT '150'");

        // each version reads its own rows; count(*) from the log leaves deleted rows out
        assertThat(query("SELECT count(*) FROM dv FOR VERSION AS OF " + created)).matches("VALUES BIGINT '15000'");
        assertThat(query("SELECT count(*) FROM dv FOR VERSION AS OF " + (created + 1))).matches("VALUES BIGINT '14850'");

        // optimize purges the vectors: files rewritten without the deleted rows
        assertUpdate("ALTER TABLE dv EXECUTE optimize");
        assertThat(TableLogFiles.activeFiles(table)).noneMatch(add -> add.has("deletionVector"));
        assertThat(query("SELECT count(*), sum(totalprice) FROM dv")).matches("SELECT count(*), sum(IF(orderkey % 100 = 2, 0, totalprice)) FROM tpch.tiny.orders WHERE orderkey % 100 NOT IN (1, 3)");
    }

    @Test
    void testFileThatLosesEveryRowIsRemoved()
            throws IOException
    {
        assertUpdate("CREATE TABLE emptied WITH (deletion_vectors_enabled = true, partitioned_by = ARRAY['regionkey']) AS SELECT nationkey, name, regionkey FROM tpch.tiny.nation", 25);
        Path table = warehouse.resolve("tpch/emptied");
        assertUpdate("DELETE FROM emptied WHERE nationkey IN (0, 5, 14, 15, 16)", 5);
        // region 0 lost all five rows: its file is only removed
        assertThat(query("SELECT count(*) FROM emptied WHERE regionkey = 0")).matches("VALUES BIGINT '0'");
        assertThat(TableLogFiles.activeFiles(table).stream().filter(add -> add.get("partitionValues").get("regionkey").asText().equals("0"))).isEmpty();
        assertThat(files(table, ".bin")).isEmpty();
    }

    @Test
    void testTurnedOnForAnExistingTable()
            throws IOException
    {
        assertUpdate("CREATE TABLE later AS SELECT orderkey, totalprice FROM tpch.tiny.orders", 15000);
        Path table = warehouse.resolve("tpch/later");
        assertUpdate("ALTER TABLE later SET PROPERTIES deletion_vectors_enabled = true");
        assertThat(TableLogFiles.latestAction(table, "protocol").get("writerFeatures").toString()).contains("deletionVectors", "appendOnly", "invariants");
        long below100 = (long) computeScalar("SELECT count(*) FROM tpch.tiny.orders WHERE orderkey < 100");
        long below200 = (long) computeScalar("SELECT count(*) FROM tpch.tiny.orders WHERE orderkey < 200");
        assertUpdate("DELETE FROM later WHERE orderkey < 100", below100);
        assertThat(files(table, ".bin")).isNotEmpty();
        assertUpdate("ALTER TABLE later SET PROPERTIES deletion_vectors_enabled = false");
        long vectors = files(table, ".bin").size();
        // off again: the next change rewrites its file (and keeps the rows the vector deleted out)
        assertUpdate("DELETE FROM later WHERE orderkey < 200", below200 - below100);
        assertThat(files(table, ".bin")).hasSize((int) vectors);
        assertThat(query("SELECT count(*) FROM later")).matches("VALUES BIGINT '%s'".formatted(15000 - below200));
    }

    private static JsonNode action(Path table, long version, String kind)
            throws IOException
    {
        return TableLogFiles.commitActions(table, version).stream().filter(line -> line.has(kind)).findFirst().orElseThrow().get(kind);
    }

    private static List<Path> files(Path table, String suffix)
            throws IOException
    {
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(path -> path.getFileName().toString().endsWith(suffix) && !path.toString().contains("_delta_log")).toList();
        }
    }

    private static long size(Path file)
    {
        try {
            return Files.size(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
