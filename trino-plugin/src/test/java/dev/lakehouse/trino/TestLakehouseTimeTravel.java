package dev.lakehouse.trino;

import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

final class TestLakehouseTimeTravel
        extends AbstractTestQueryFramework
{
    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return LakehouseQueryRunner.builder().setWorkerCount(0).build();
    }

    @Test
    void testVersionsAreQueryable()
            throws InterruptedException
    {
        assertUpdate("CREATE TABLE travel (id integer, name varchar)");
        assertUpdate("INSERT INTO travel VALUES (1, 'one')", 1);
        String afterFirstInsert = timestampLiteral(Instant.now());
        Thread.sleep(50);
        assertUpdate("INSERT INTO travel VALUES (2, 'two')", 1);
        assertUpdate("COMMENT ON TABLE travel IS 'three versions of data'");

        assertThat(query("SELECT * FROM travel FOR VERSION AS OF 0")).returnsEmptyResult();
        assertThat(query("SELECT * FROM travel FOR VERSION AS OF 1")).matches("VALUES (1, VARCHAR 'one')");
        assertThat(query("SELECT * FROM travel FOR VERSION AS OF 2")).matches("VALUES (1, VARCHAR 'one'), (2, 'two')");
        assertThat(query("SELECT * FROM travel")).matches("VALUES (1, VARCHAR 'one'), (2, 'two')");
        assertThat(query("SELECT * FROM travel FOR TIMESTAMP AS OF TIMESTAMP '" + afterFirstInsert + "'")).matches("VALUES (1, VARCHAR 'one')");

        assertThat(query("SELECT * FROM travel FOR VERSION AS OF 99"))
                .failure().hasMessageContaining("has no version 99: the latest version is 3");
        assertThat(query("SELECT * FROM travel FOR TIMESTAMP AS OF TIMESTAMP '2000-01-01 00:00:00 UTC'"))
                .failure().hasMessageContaining("has no version committed at or before 2000-01-01T00:00:00Z");
        assertThat(query("INSERT INTO travel FOR VERSION AS OF 1 VALUES (3, 'three')"))
                .failure().hasMessageMatching("(?s).*(mismatched input|Cannot write to a past version).*");
    }

    @Test
    void testEveryVersionOfAMixedHistoryReadsAsItWasWritten()
    {
        assertUpdate("CREATE TABLE mixed WITH (column_mapping_mode = 'name', deletion_vectors_enabled = true, partitioned_by = ARRAY['status']) AS " +
                "SELECT orderkey AS id, totalprice AS price, orderstatus AS status FROM tpch.tiny.orders WHERE orderkey < 2000", "SELECT count(*) FROM orders WHERE orderkey < 2000");
        List<String> statements = List.of(
                "INSERT INTO mixed SELECT orderkey, totalprice, orderstatus FROM tpch.tiny.orders WHERE orderkey BETWEEN 2000 AND 3000",
                "DELETE FROM mixed WHERE id % 7 = 0",
                "UPDATE mixed SET price = price + 1 WHERE id % 5 = 0",
                "MERGE INTO mixed t USING (SELECT orderkey, totalprice, orderstatus FROM tpch.tiny.orders WHERE orderkey BETWEEN 2500 AND 3500) s ON t.id = s.orderkey " +
                        "WHEN MATCHED AND s.orderstatus = 'F' THEN DELETE WHEN MATCHED THEN UPDATE SET price = 0 WHEN NOT MATCHED THEN INSERT VALUES (s.orderkey, s.totalprice, s.orderstatus)",
                "ALTER TABLE mixed ADD COLUMN note varchar",
                "UPDATE mixed SET note = 'checked' WHERE id % 3 = 0",
                "ALTER TABLE mixed RENAME COLUMN price TO amount",
                "DELETE FROM mixed WHERE status = 'P'",
                "ALTER TABLE mixed DROP COLUMN note",
                "INSERT INTO mixed SELECT orderkey, totalprice, orderstatus FROM tpch.tiny.orders WHERE orderkey > 50000",
                "ALTER TABLE mixed EXECUTE optimize");
        // the rows and columns of each version, as read right after it was written
        Map<Long, MaterializedResult> written = new HashMap<>();
        written.put(0L, computeActual("SELECT * FROM mixed"));
        for (String statement : statements) {
            getQueryRunner().execute(statement);
            long version = (long) computeScalar("SELECT max(version) FROM \"mixed$history\"");
            written.put(version, computeActual("SELECT * FROM mixed"));
        }
        // every statement committed a version (optimize too: the deletion vectors are purged)
        assertThat(written).hasSize(statements.size() + 1);
        written.forEach((version, rows) -> {
            MaterializedResult read = computeActual("SELECT * FROM mixed FOR VERSION AS OF " + version);
            assertThat(read.getColumnNames()).as("columns of version %s", version).isEqualTo(rows.getColumnNames());
            assertThat(read.getMaterializedRows()).as("rows of version %s", version).containsExactlyInAnyOrderElementsOf(rows.getMaterializedRows());
        });
    }

    private static String timestampLiteral(Instant instant)
    {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'").format(instant.atOffset(ZoneOffset.UTC));
    }
}
