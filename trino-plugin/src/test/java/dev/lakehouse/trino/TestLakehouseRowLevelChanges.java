package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointReader;
import io.trino.filesystem.Location;
import io.trino.filesystem.local.LocalFileSystem;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DELETE, UPDATE, MERGE and TRUNCATE on a real Trino with a worker besides the coordinator: the rows that result,
 * the files each commit removes and adds (a file whose rows change is rewritten once, others are left alone; a
 * DELETE decided by partition values removes whole files without writing any), and the versions before them.
 */
final class TestLakehouseRowLevelChanges
        extends AbstractTestQueryFramework
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-row-level-changes");
        return LakehouseQueryRunner.builder().setWarehouse(warehouse).setWorkerCount(1).build();
    }

    @Test
    void testDeleteRewritesOnlyTheFilesThatLoseRows()
            throws IOException
    {
        createThreeFileTable("deleted");
        Path table = warehouse.resolve("tpch/deleted");
        Set<String> filesBefore = activePaths(table);
        long before = TableLogFiles.latestVersion(table);

        assertUpdate("DELETE FROM deleted WHERE id % 10 = 0 AND id <= 100", 10);
        assertThat(query("SELECT count(*), sum(id), sum(v) FROM deleted"))
                .matches("SELECT count(*), sum(x), sum(x * 3) FROM UNNEST(sequence(1, 300)) AS t(x) WHERE NOT (x % 10 = 0 AND x <= 100)");

        // one file lost rows: it is removed and its 90 remaining rows written anew; the other two are untouched
        long after = TableLogFiles.latestVersion(table);
        assertThat(after).isEqualTo(before + 1);
        List<JsonNode> actions = TableLogFiles.commitActions(table, after);
        assertThat(operation(actions)).isEqualTo("MERGE");
        // Delta's default isolation: appends that commit meanwhile do not conflict with it
        assertThat(actions(actions, "commitInfo").getFirst().get("isolationLevel").asText()).isEqualTo("WriteSerializable");
        List<JsonNode> removes = actions(actions, "remove");
        List<JsonNode> adds = actions(actions, "add");
        assertThat(removes).hasSize(1);
        assertThat(removes.getFirst().get("dataChange").asBoolean()).isTrue();
        assertThat(adds).hasSize(1);
        assertThat(adds.getFirst().get("stats").asText()).contains("\"numRecords\":90");
        Set<String> filesAfter = activePaths(table);
        assertThat(filesAfter).hasSize(3).contains(filesBefore.stream().filter(path -> !path.equals(removes.getFirst().get("path").asText())).toArray(String[]::new));

        // the version before the delete still has every row
        assertThat(query("SELECT count(*), sum(id) FROM deleted FOR VERSION AS OF " + before)).matches("SELECT count(*), sum(x) FROM UNNEST(sequence(1, 300)) AS t(x)");
    }

    @Test
    void testDeleteByPartitionRemovesWholeFilesWithoutWritingAny()
            throws IOException
    {
        assertUpdate("CREATE TABLE by_region WITH (partitioned_by = ARRAY['regionkey']) AS SELECT nationkey, name, regionkey FROM tpch.tiny.nation", 25);
        Path table = warehouse.resolve("tpch/by_region");
        long rowsInRegion = (long) computeScalar("SELECT count(*) FROM tpch.tiny.nation WHERE regionkey IN (1, 3)");

        assertUpdate("DELETE FROM by_region WHERE regionkey IN (1, 3)", rowsInRegion);
        assertThat(query("SELECT nationkey, name, regionkey FROM by_region")).matches("SELECT nationkey, CAST(name AS varchar), regionkey FROM tpch.tiny.nation WHERE regionkey NOT IN (1, 3)");
        List<JsonNode> actions = TableLogFiles.commitActions(table, TableLogFiles.latestVersion(table));
        assertThat(operation(actions)).isEqualTo("DELETE");
        assertThat(actions(actions, "add")).isEmpty();
        assertThat(actions(actions, "remove")).extracting(remove -> remove.get("partitionValues").get("regionkey").asText()).containsOnly("1", "3").hasSize(2);

        // with no WHERE at all, every file goes the same way
        assertUpdate("DELETE FROM by_region", 25 - rowsInRegion);
        assertQuery("SELECT count(*) FROM by_region", "SELECT 0");
        assertThat(actions(TableLogFiles.commitActions(table, TableLogFiles.latestVersion(table)), "add")).isEmpty();
    }

    @Test
    void testUpdateChangesOnlyTheMatchingRows()
            throws IOException
    {
        createThreeFileTable("updated");
        Path table = warehouse.resolve("tpch/updated");
        assertUpdate("UPDATE updated SET v = -v, label = 'changed' WHERE id BETWEEN 95 AND 205", 111);
        assertThat(query("SELECT count(*), sum(id), sum(v), count_if(label = 'changed') FROM updated"))
                .matches("SELECT count(*), sum(x), sum(IF(x BETWEEN 95 AND 205, -3 * x, 3 * x)), count_if(x BETWEEN 95 AND 205) FROM UNNEST(sequence(1, 300)) AS t(x)");
        // the rows of all three files changed: each is rewritten once
        List<JsonNode> actions = TableLogFiles.commitActions(table, TableLogFiles.latestVersion(table));
        assertThat(actions(actions, "remove")).hasSize(3);

        // an update of nothing commits nothing
        long version = TableLogFiles.latestVersion(table);
        assertUpdate("UPDATE updated SET v = 0 WHERE id > 1000", 0);
        assertThat(TableLogFiles.latestVersion(table)).isEqualTo(version);
    }

    @Test
    void testRewrittenFilesKeepTheirLayout()
            throws IOException
    {
        assertUpdate("CREATE TABLE kept WITH (clustered_by = ARRAY['orderkey']) AS SELECT orderkey, custkey FROM tpch.tiny.orders", 15000);
        assertUpdate("ALTER TABLE kept EXECUTE cluster");
        Path table = warehouse.resolve("tpch/kept");
        long updated = (long) computeScalar("SELECT count(*) FROM tpch.tiny.orders WHERE orderkey % 100 = 1");
        assertUpdate("UPDATE kept SET custkey = 0 WHERE orderkey % 100 = 1", updated);

        // each changed file is rewritten into a file of its own, in its order, and stays part of its clustering run;
        // the updated rows go to new files, which no clustering run wrote
        List<JsonNode> actions = TableLogFiles.commitActions(table, TableLogFiles.latestVersion(table));
        List<JsonNode> removes = actions(actions, "remove");
        List<JsonNode> rewritten = actions(actions, "add").stream().filter(add -> add.has("tags") && add.get("tags").has("lakehouse.clustering.run")).toList();
        List<JsonNode> inserted = actions(actions, "add").stream().filter(add -> !(add.has("tags") && add.get("tags").has("lakehouse.clustering.run"))).toList();
        assertThat(removes).isNotEmpty();
        assertThat(rewritten).hasSameSizeAs(removes);
        assertThat(inserted.stream().mapToLong(add -> Long.parseLong(add.get("stats").asText().replaceAll(".*\"numRecords\":(\\d+).*", "$1"))).sum()).isEqualTo(updated);
        assertQuery("SELECT count(*), count_if(custkey = 0) FROM kept", "VALUES (15000, %s)".formatted(updated));
    }

    @Test
    void testUpdateOfAPartitionColumnMovesTheRow()
            throws IOException
    {
        assertUpdate("CREATE TABLE moved (id integer, part varchar) WITH (partitioned_by = ARRAY['part'])");
        assertUpdate("INSERT INTO moved VALUES (1, 'a'), (2, 'a'), (3, 'b')", 3);
        assertUpdate("UPDATE moved SET part = 'c' WHERE id = 2", 1);
        assertQuery("SELECT id, part FROM moved", "VALUES (1, 'a'), (2, 'c'), (3, 'b')");
        assertThat(TableLogFiles.activeFiles(warehouse.resolve("tpch/moved")))
                .extracting(file -> file.get("partitionValues").get("part").asText())
                .containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void testMergeWithEveryKindOfClause()
    {
        assertUpdate("CREATE TABLE accounts (id integer, balance bigint, status varchar)");
        assertUpdate("INSERT INTO accounts VALUES (1, 100, 'open'), (2, 200, 'open'), (3, 300, 'open'), (4, 400, 'frozen')", 4);
        assertUpdate("INSERT INTO accounts VALUES (5, 500, 'open'), (6, 600, 'open')", 2);
        assertUpdate("""
                MERGE INTO accounts a
                USING (VALUES (1, 10, 'deposit'), (2, 0, 'close'), (4, 40, 'deposit'), (6, 60, 'deposit'), (7, 70, 'deposit'), (8, 0, 'close')) AS s(id, amount, kind)
                ON a.id = s.id
                WHEN MATCHED AND s.kind = 'close' THEN DELETE
                WHEN MATCHED AND a.status = 'frozen' THEN UPDATE SET status = 'refused'
                WHEN MATCHED THEN UPDATE SET balance = a.balance + s.amount
                WHEN NOT MATCHED AND s.kind = 'deposit' THEN INSERT VALUES (s.id, s.amount, 'new')
                """, 5);
        assertQuery("SELECT id, balance, status FROM accounts",
                "VALUES (1, 110, 'open'), (3, 300, 'open'), (4, 400, 'refused'), (5, 500, 'open'), (6, 660, 'open'), (7, 70, 'new')");
    }

    @Test
    void testTruncateRemovesEveryFileAndKeepsHistory()
            throws IOException
    {
        createThreeFileTable("truncated");
        Path table = warehouse.resolve("tpch/truncated");
        long before = TableLogFiles.latestVersion(table);
        assertUpdate("TRUNCATE TABLE truncated");
        assertQuery("SELECT count(*) FROM truncated", "SELECT 0");
        List<JsonNode> actions = TableLogFiles.commitActions(table, before + 1);
        assertThat(operation(actions)).isEqualTo("TRUNCATE");
        assertThat(actions(actions, "remove")).hasSize(3);
        assertQuery("SELECT count(*) FROM truncated FOR VERSION AS OF " + before, "SELECT 300");
        // the table takes new rows afterwards
        assertUpdate("INSERT INTO truncated VALUES (1, 3, 'again')", 1);
        assertQuery("SELECT id, v, label FROM truncated", "VALUES (1, 3, 'again')");
    }

    @Test
    void testChangesToATableWithDeletionVectorsKeepItsDeletedRowsDeleted()
            throws IOException
    {
        // Spark wrote this table with deletion vectors: rows they delete must stay invisible through our rewrites
        registerSparkTableWithDeletionVectors("spark_dv");
        long rows = (long) computeScalar("SELECT count(*) FROM spark_dv");
        // the log's row counts include the deleted rows; count(*) from the log and from the files agree without them
        assertThat((long) computeScalar("SELECT count(*) FROM spark_dv WHERE col1 IS NOT NULL OR col1 IS NULL")).isEqualTo(rows);
        assertUpdate("CREATE TABLE dv_rows AS SELECT * FROM spark_dv", rows);

        long deleted = (long) computeScalar("SELECT count(*) FROM spark_dv WHERE col1 % 3 = 0");
        assertUpdate("DELETE FROM spark_dv WHERE col1 % 3 = 0", deleted);
        assertThat(query("SELECT * FROM spark_dv")).matches("SELECT * FROM dv_rows WHERE col1 % 3 <> 0");
        assertUpdate("UPDATE spark_dv SET col1 = -col1 WHERE part = 1", (long) computeScalar("SELECT count(*) FROM dv_rows WHERE part = 1 AND col1 % 3 <> 0"));
        assertThat(query("SELECT * FROM spark_dv")).matches("SELECT part, IF(part = 1, -col1, col1), col2 FROM dv_rows WHERE col1 % 3 <> 0");

        // a DELETE of whole files counts the rows readers saw, not those the vectors had deleted already
        registerSparkTableWithDeletionVectors("spark_dv_emptied");
        assertUpdate("DELETE FROM spark_dv_emptied", rows);
        assertQuery("SELECT count(*) FROM spark_dv_emptied", "SELECT 0");
    }

    @Test
    void testOptimizePurgesDeletionVectors()
            throws IOException
    {
        Path copy = registerSparkTableWithDeletionVectors("spark_dv_purged");
        assertThat(latestFiles(copy)).anySatisfy(file -> assertThat(file.deletionVector()).isPresent());
        long rows = (long) computeScalar("SELECT count(*) FROM spark_dv_purged");
        assertUpdate("CREATE TABLE dv_purged_rows AS SELECT * FROM spark_dv_purged", rows);
        // the optimizer's row count leaves the deleted rows out too
        assertThat(computeActual("SHOW STATS FOR spark_dv_purged").getMaterializedRows().getLast().getField(4)).isEqualTo((double) rows);

        // every file with a deletion vector is rewritten without its deleted rows, even alone in its partition
        assertUpdate("ALTER TABLE spark_dv_purged EXECUTE optimize");
        assertThat(latestFiles(copy)).allSatisfy(file -> assertThat(file.deletionVector()).isEmpty());
        assertThat(query("SELECT * FROM spark_dv_purged")).matches("SELECT * FROM dv_purged_rows");
    }

    private static List<AddFileEntry> latestFiles(Path table)
    {
        return new TransactionLog(new LocalFileSystem(Path.of("/")), Location.of("file://" + table), new ParquetCheckpointReader()).loadLatestSnapshot().activeFiles();
    }

    private Path registerSparkTableWithDeletionVectors(String name)
            throws IOException
    {
        Path copy = GoldenTables.copy("dv-partitioned-with-checkpoint", warehouse.resolve("external/" + name));
        assertUpdate("CALL system.register_table('tpch', '%s', '%s')".formatted(name, copy.toUri()));
        return copy;
    }

    private void createThreeFileTable(String name)
    {
        assertUpdate("CREATE TABLE %s (id integer, v bigint, label varchar)".formatted(name));
        for (int batch = 0; batch < 3; batch++) {
            assertUpdate("INSERT INTO %s SELECT x, 3 * x, 'row ' || CAST(x AS varchar) FROM UNNEST(sequence(%s, %s)) AS t(x)".formatted(name, batch * 100 + 1, batch * 100 + 100), 100);
        }
    }

    private static Set<String> activePaths(Path table)
            throws IOException
    {
        return TableLogFiles.activeFiles(table).stream().map(file -> file.get("path").asText()).collect(Collectors.toSet());
    }

    private static String operation(List<JsonNode> actions)
    {
        return actions.stream().filter(action -> action.has("commitInfo")).findFirst().orElseThrow().get("commitInfo").get("operation").asText();
    }

    private static List<JsonNode> actions(List<JsonNode> actions, String kind)
    {
        return actions.stream().filter(action -> action.has(kind)).map(action -> action.get(kind)).toList();
    }
}
