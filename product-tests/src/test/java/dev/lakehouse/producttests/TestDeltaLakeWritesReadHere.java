package dev.lakehouse.producttests;

import com.google.common.collect.ImmutableMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * What Trino's Delta Lake connector writes reads the same here: history, every version and the change data feed of
 * its INSERT, UPDATE, DELETE and MERGE, with and without deletion vectors. Its connector writes only to object
 * stores, so both catalogs use a local S3 endpoint ({@code bin/s3proxy}). And the other way for what only a write
 * shows: constraints added here bind its writes.
 */
@TestInstance(PER_CLASS)
final class TestDeltaLakeWritesReadHere
{
    private static final String SCHEMA = "written";

    private S3Endpoint s3;
    private TrinoServer server;

    @BeforeAll
    void start()
            throws Exception
    {
        s3 = new S3Endpoint();
        server = new TrinoServer(ImmutableMap.of(
                "lakehouse_s3", ImmutableMap.<String, String>builder()
                        .put("connector.name", "lakehouse")
                        .put("lakehouse.warehouse", "s3://%s/lakehouse".formatted(S3Endpoint.BUCKET))
                        .put("s3.exclusive-create", "true")
                        .putAll(s3.fileSystemProperties())
                        .buildOrThrow(),
                "delta_s3", ImmutableMap.<String, String>builder()
                        .put("connector.name", "delta_lake")
                        .put("hive.metastore", "file")
                        .put("hive.metastore.catalog.dir", "s3://%s/delta-metastore".formatted(S3Endpoint.BUCKET))
                        .put("delta.register-table-procedure.enabled", "true")
                        .putAll(s3.fileSystemProperties())
                        .buildOrThrow()));
        server.execute("CREATE SCHEMA lakehouse_s3." + SCHEMA);
        server.execute("CREATE SCHEMA delta_s3." + SCHEMA);
    }

    @AfterAll
    void stop()
    {
        if (server != null) {
            server.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void testChangesWrittenThereReadTheSameHere()
            throws SQLException
    {
        assertChangesReadTheSameHere("theirs_feed", "");
    }

    @Test
    void testChangesWithDeletionVectorsWrittenThereReadTheSameHere()
            throws SQLException
    {
        assertChangesReadTheSameHere("theirs_feed_vectors", ", deletion_vectors_enabled = true");
    }

    @Test
    void testConstraintsAddedHereBindItsWrites()
            throws SQLException
    {
        String table = "ours_constrained";
        String ours = "lakehouse_s3.%s.%s".formatted(SCHEMA, table);
        String theirs = "delta_s3.%s.%s".formatted(SCHEMA, table);
        server.execute("CREATE TABLE %s (id integer NOT NULL, price decimal(10, 2))".formatted(ours));
        server.execute("INSERT INTO %s VALUES (1, 9.99), (0, -5.00)".formatted(ours));
        // the rows already there must hold, here as in Delta
        assertThatThrownBy(() -> server.execute("CALL lakehouse_s3.system.add_constraint('%s', '%s', 'positive_price', 'price > 0')".formatted(SCHEMA, table)))
                .hasMessageContaining("Cannot add constraint positive_price (price > 0) to table written.ours_constrained: 1 of its rows break it, the first with values: price = -5.00");
        server.execute("DELETE FROM %s WHERE id = 0".formatted(ours));
        server.execute("CALL lakehouse_s3.system.add_constraint('%s', '%s', 'positive_price', 'price > 0')".formatted(SCHEMA, table));
        String location = server.query("SELECT DISTINCT regexp_replace(\"$path\", '/[^/]*$', '') FROM " + ours).getFirst().getFirst();
        server.execute("CALL delta_s3.system.register_table(schema_name => '%s', table_name => '%s', table_location => '%s')".formatted(SCHEMA, table, location));

        server.execute("INSERT INTO %s VALUES (4, 1.00)".formatted(theirs));
        assertThatThrownBy(() -> server.execute("INSERT INTO %s VALUES (2, -1.00)".formatted(theirs))).hasMessageContaining("Check constraint violation: (\"price\" > 0)");
        assertThatThrownBy(() -> server.execute("INSERT INTO %s VALUES (NULL, 1.00)".formatted(theirs))).hasMessageContaining("NULL value not allowed for NOT NULL column: id");
        assertThatThrownBy(() -> server.execute("INSERT INTO %s VALUES (2, -1.00)".formatted(ours))).hasMessageContaining("CHECK constraint positive_price (price > 0) violated by row with values: price = -1.00");
        server.execute("INSERT INTO %s VALUES (3, 4.50)".formatted(ours));
        assertSameRows("SELECT * FROM " + ours, "SELECT * FROM " + theirs);
        assertThat(server.query("SELECT count(*) FROM " + ours)).isEqualTo(List.of(List.of("3")));
    }

    private void assertChangesReadTheSameHere(String table, String properties)
            throws SQLException
    {
        String theirs = "delta_s3.%s.%s".formatted(SCHEMA, table);
        String ours = "lakehouse_s3.%s.%s".formatted(SCHEMA, table);
        server.execute("CREATE TABLE %s WITH (change_data_feed_enabled = true, partitioned_by = ARRAY['status']%s) AS SELECT orderkey, totalprice, orderstatus AS status FROM tpch.tiny.orders WHERE orderkey < 5000".formatted(theirs, properties));
        server.execute("INSERT INTO %s SELECT orderkey, totalprice, orderstatus FROM tpch.tiny.orders WHERE orderkey BETWEEN 5000 AND 8000".formatted(theirs));
        server.execute("UPDATE %s SET totalprice = -totalprice WHERE orderkey %% 3 = 0".formatted(theirs));
        server.execute("DELETE FROM %s WHERE orderkey %% 5 = 0".formatted(theirs));
        server.execute(("MERGE INTO %s t USING (SELECT orderkey, totalprice, orderstatus FROM tpch.tiny.orders WHERE orderkey BETWEEN 7000 AND 9000) s ON t.orderkey = s.orderkey " +
                "WHEN MATCHED AND s.orderstatus = 'F' THEN DELETE WHEN MATCHED THEN UPDATE SET totalprice = 0 WHEN NOT MATCHED THEN INSERT VALUES (s.orderkey, s.totalprice, s.orderstatus)").formatted(theirs));
        String location = server.query("SELECT DISTINCT regexp_replace(\"$path\", '/[^/]*/[^/]*$', '') FROM " + theirs).getFirst().getFirst();
        server.execute("CALL lakehouse_s3.system.register_table(schema_name => '%s', table_name => '%s', table_location => '%s')".formatted(SCHEMA, table, location));

        long latest = Long.parseLong(server.query("SELECT max(version) FROM delta_s3.%s.\"%s$history\"".formatted(SCHEMA, table)).getFirst().getFirst());
        assertThat(latest).isEqualTo(4);
        assertSameRows("SELECT version, operation FROM lakehouse_s3.%s.\"%s$history\"".formatted(SCHEMA, table), "SELECT version, operation FROM delta_s3.%s.\"%s$history\"".formatted(SCHEMA, table));
        for (long version = 0; version <= latest; version++) {
            assertSameRows("SELECT * FROM %s FOR VERSION AS OF %s".formatted(ours, version), "SELECT * FROM %s FOR VERSION AS OF %s".formatted(theirs, version));
            if (version > 0) {
                assertSameRows("SELECT * FROM TABLE(lakehouse_s3.system.table_changes('%s', '%s', %s))".formatted(SCHEMA, table, version - 1),
                        "SELECT * FROM TABLE(delta_s3.system.table_changes('%s', '%s', %s))".formatted(SCHEMA, table, version - 1));
            }
        }
    }

    private void assertSameRows(String actualSql, String expectedSql)
            throws SQLException
    {
        List<List<String>> actual = server.query(actualSql).stream().sorted(Comparator.comparing(Object::toString)).toList();
        List<List<String>> expected = server.query(expectedSql).stream().sorted(Comparator.comparing(Object::toString)).toList();
        assertThat(actual).as("%s\nvs\n%s", actualSql, expectedSql).isNotEmpty().isEqualTo(expected);
    }
}
