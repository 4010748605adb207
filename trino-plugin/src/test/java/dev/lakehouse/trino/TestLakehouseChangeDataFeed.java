package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The change data feed on a real Trino: with {@code change_data_feed_enabled}, every write records what it changed
 * ({@code cdc} files for row-level changes), and {@code TABLE(system.table_changes(...))} returns it; the changes of
 * each commit, applied to the version before it, give the version after it.
 */
final class TestLakehouseChangeDataFeed
        extends AbstractTestQueryFramework
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-cdf");
        return LakehouseQueryRunner.builder().setWarehouse(warehouse).build();
    }

    @Test
    void testChangesOfEachCommitTurnEachVersionIntoTheNextByRewriting()
            throws IOException
    {
        assertChangesReplayHistory("cdf_rewrite", "");
    }

    @Test
    void testChangesOfEachCommitTurnEachVersionIntoTheNextWithDeletionVectors()
            throws IOException
    {
        assertChangesReplayHistory("cdf_vectors", ", deletion_vectors_enabled = true");
    }

    private void assertChangesReplayHistory(String table, String properties)
            throws IOException
    {
        assertUpdate("CREATE TABLE %s WITH (change_data_feed_enabled = true, partitioned_by = ARRAY['part']%s) AS SELECT orderkey AS id, orderstatus AS status, totalprice AS price, orderpriority AS part FROM tpch.tiny.orders WHERE orderkey < 3000".formatted(table, properties), "SELECT count(*) FROM orders WHERE orderkey < 3000");
        assertThat(computeScalar("SHOW CREATE TABLE " + table).toString()).contains("change_data_feed_enabled = true");
        assertUpdate("INSERT INTO %s SELECT orderkey, orderstatus, totalprice, orderpriority FROM tpch.tiny.orders WHERE orderkey BETWEEN 3000 AND 6000".formatted(table), "SELECT count(*) FROM orders WHERE orderkey BETWEEN 3000 AND 6000");
        assertUpdate("DELETE FROM %s WHERE status = 'P'".formatted(table), "SELECT count(*) FROM orders WHERE orderkey <= 6000 AND orderstatus = 'P'");
        assertUpdate("UPDATE %s SET price = price * 2, status = 'X' WHERE id %% 5 = 0".formatted(table), "SELECT count(*) FROM orders WHERE orderkey <= 6000 AND orderstatus <> 'P' AND orderkey % 5 = 0");
        assertUpdate(("MERGE INTO %s t USING (SELECT orderkey, orderstatus, totalprice, orderpriority FROM tpch.tiny.orders WHERE orderkey BETWEEN 5000 AND 7000) s ON t.id = s.orderkey " +
                "WHEN MATCHED AND s.orderstatus = 'F' THEN DELETE " +
                "WHEN MATCHED THEN UPDATE SET price = 0 " +
                "WHEN NOT MATCHED THEN INSERT VALUES (s.orderkey, s.orderstatus, s.totalprice, s.orderpriority)").formatted(table),
                "SELECT count(*) FROM orders WHERE orderkey BETWEEN 5000 AND 7000");
        // a delete of whole partitions writes its rows as change data too, as Trino's Delta Lake connector expects
        long urgent = (long) computeScalar("SELECT count(*) FROM %s WHERE part = '1-URGENT'".formatted(table));
        assertUpdate("DELETE FROM %s WHERE part = '1-URGENT'".formatted(table), urgent);
        // a compaction changes no row and records nothing
        assertUpdate("ALTER TABLE %s EXECUTE optimize".formatted(table));
        Path location = warehouse.resolve("tpch").resolve(table);
        long latest = TableLogFiles.latestVersion(location);
        assertThat(latest).isEqualTo(6);
        boolean anyChangeDataFile = false;
        for (long version = 1; version <= latest; version++) {
            List<JsonNode> actions = TableLogFiles.commitActions(location, version);
            anyChangeDataFile |= actions.stream().anyMatch(action -> action.has("cdc"));
            List<MaterializedRow> before = computeActual("SELECT * FROM %s FOR VERSION AS OF %s".formatted(table, version - 1)).getMaterializedRows();
            List<MaterializedRow> after = computeActual("SELECT * FROM %s FOR VERSION AS OF %s".formatted(table, version)).getMaterializedRows();
            List<MaterializedRow> changes = computeActual("SELECT id, status, price, part, _change_type, _commit_version FROM TABLE(system.table_changes('tpch', '%s', %s, %s))".formatted(table, version - 1, version)).getMaterializedRows();
            long changedVersion = version;
            assertThat(changes).allSatisfy(change -> assertThat(change.getField(5)).isEqualTo(changedVersion));
            assertThat(applyChanges(before, changes)).as("version %s from version %s and its changes", version, version - 1).containsExactlyInAnyOrderElementsOf(after);
            if (version == latest) {
                assertThat(changes).as("changes of a compaction").isEmpty();
            }
        }
        assertThat(anyChangeDataFile).isTrue();
        assertThat(location.resolve("_change_data")).isDirectory();

        // the UPDATE's changes: each row's old and new values
        assertQuery("SELECT _change_type, count(*), sum(price) FROM TABLE(system.table_changes('tpch', '%s', 2, 3)) GROUP BY 1".formatted(table),
                "SELECT 'update_preimage', count(*), sum(totalprice) FROM orders WHERE orderkey <= 6000 AND orderstatus <> 'P' AND orderkey % 5 = 0 " +
                        "UNION ALL SELECT 'update_postimage', count(*), sum(totalprice * 2) FROM orders WHERE orderkey <= 6000 AND orderstatus <> 'P' AND orderkey % 5 = 0");
        // all changes at once, from the start: replaying them builds the latest version
        List<MaterializedRow> everything = computeActual("SELECT id, status, price, part, _change_type, _commit_version FROM TABLE(system.table_changes(schema_name => 'tpch', table_name => '%s')) ORDER BY _commit_version".formatted(table)).getMaterializedRows();
        assertThat(applyChanges(List.of(), everything)).containsExactlyInAnyOrderElementsOf(computeActual("SELECT * FROM " + table).getMaterializedRows());
    }

    @Test
    void testIncrementalPipelineMergesTheChangesDownstream()
    {
        assertUpdate("CREATE TABLE bronze WITH (change_data_feed_enabled = true) AS SELECT custkey, name, acctbal FROM tpch.tiny.customer WHERE custkey <= 1000", 1000);
        assertUpdate("CREATE TABLE silver AS SELECT custkey, upper(name) AS name, acctbal FROM bronze", 1000);
        long synced = (long) computeScalar("SELECT max(version) FROM \"bronze$history\"");
        assertUpdate("UPDATE bronze SET acctbal = acctbal + 1 WHERE custkey % 3 = 0", 333);
        assertUpdate("DELETE FROM bronze WHERE custkey % 7 = 0", "SELECT count(*) FROM customer WHERE custkey <= 1000 AND custkey % 7 = 0");
        assertUpdate("INSERT INTO bronze SELECT custkey, name, acctbal FROM tpch.tiny.customer WHERE custkey > 1000", 500);
        // one MERGE per batch: the last change of each key since the last sync decides
        assertUpdate(("MERGE INTO silver s USING (" +
                "  SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY custkey ORDER BY _commit_version DESC, _change_type DESC) AS n" +
                "    FROM TABLE(system.table_changes('tpch', 'bronze', %s)) WHERE _change_type <> 'update_preimage') WHERE n = 1) c ON s.custkey = c.custkey " +
                "WHEN MATCHED AND c._change_type = 'delete' THEN DELETE " +
                "WHEN MATCHED THEN UPDATE SET name = upper(c.name), acctbal = c.acctbal " +
                "WHEN NOT MATCHED AND c._change_type <> 'delete' THEN INSERT VALUES (c.custkey, upper(c.name), c.acctbal)").formatted(synced), "SELECT count(*) FROM customer WHERE custkey > 1000 OR custkey % 3 = 0 OR custkey % 7 = 0");
        assertQuery("SELECT * FROM silver", "SELECT custkey, upper(name), acctbal + CASE WHEN custkey % 3 = 0 AND custkey <= 1000 THEN 1 ELSE 0 END FROM customer WHERE custkey % 7 <> 0 OR custkey > 1000");
    }

    @Test
    void testBadRequestsAreRefusedClearly()
    {
        assertUpdate("CREATE TABLE without_feed AS SELECT 1 AS id", 1);
        assertUpdate("INSERT INTO without_feed VALUES 2", 1);
        assertQueryFails("SELECT * FROM TABLE(system.table_changes('tpch', 'without_feed', 0))", ".*Table tpch.without_feed does not record its change data feed at version 1.*change_data_feed_enabled = true.*");
        assertUpdate("ALTER TABLE without_feed SET PROPERTIES change_data_feed_enabled = true");
        assertUpdate("INSERT INTO without_feed VALUES 3", 1);
        // from the version that turned it on
        assertQuery("SELECT id, _change_type, _commit_version FROM TABLE(system.table_changes('tpch', 'without_feed', 2))", "VALUES (3, 'insert', 3)");
        assertQueryFails("SELECT * FROM TABLE(system.table_changes('tpch', 'without_feed', 5))", ".*since_version 5 is after 3 of table tpch.without_feed.*");
        assertQueryFails("SELECT * FROM TABLE(system.table_changes('tpch', 'without_feed', 0, 9))", ".*(?i)version 9.*");
        assertQueryFails("SELECT * FROM TABLE(system.table_changes('tpch', 'missing', 0))", ".*Table tpch.missing does not exist.*");
    }

    /**
     * The rows of {@code before} with the changes applied: deleted rows and the old rows of updates out (one
     * occurrence each), inserted rows and the new rows of updates in.
     */
    private static List<MaterializedRow> applyChanges(List<MaterializedRow> before, List<MaterializedRow> changes)
    {
        List<MaterializedRow> rows = new ArrayList<>(before);
        for (MaterializedRow change : changes) {
            MaterializedRow row = new MaterializedRow(change.getFields().subList(0, 4));
            switch ((String) change.getField(4)) {
                case "insert", "update_postimage" -> rows.add(row);
                case "delete", "update_preimage" -> assertThat(rows.remove(row)).as("a row the change removes is in the version before: %s", row).isTrue();
                default -> throw new AssertionError("unexpected change type " + change.getField(4));
            }
        }
        return rows;
    }
}
