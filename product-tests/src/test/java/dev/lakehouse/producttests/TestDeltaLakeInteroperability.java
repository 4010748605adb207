package dev.lakehouse.producttests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.lakehouse.producttests.DeltaLogFiles.latestVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Tables written by this connector read identically through Trino's own Delta Lake connector, and tables that
 * connector writes read identically here, in one real Trino 476 server with both plugins installed.
 */
@TestInstance(PER_CLASS)
final class TestDeltaLakeInteroperability
{
    // every type both connectors write; char(n) is ours only (Delta has no char type)
    private static final String COMMON_COLUMNS = """
            CAST(c_boolean AS boolean) c_boolean, CAST(c_tinyint AS tinyint) c_tinyint, CAST(c_smallint AS smallint) c_smallint,
            CAST(c_integer AS integer) c_integer, CAST(c_bigint AS bigint) c_bigint, CAST(c_real AS real) c_real, CAST(c_double AS double) c_double,
            CAST(c_short_decimal AS decimal(10, 2)) c_short_decimal, CAST(c_long_decimal AS decimal(30, 5)) c_long_decimal,
            CAST(c_varchar AS varchar) c_varchar, CAST(c_varbinary AS varbinary) c_varbinary, CAST(c_date AS date) c_date,
            CAST(c_timestamp AS timestamp(6)) c_timestamp, CAST(c_timestamp_tz AS timestamp(3) with time zone) c_timestamp_tz,
            CAST(c_array AS array(integer)) c_array, CAST(c_map AS map(varchar, double)) c_map, CAST(c_row AS row(f1 integer, f2 varchar)) c_row""";
    private static final String VALUES = """
            FROM (VALUES
              (true, -7, 300, 42, 9000000000, 1.5, -2.25, 12345678.91, 1234567890123456789012345.12345, 'héllo', X'0001FF',
               DATE '2024-02-29', TIMESTAMP '2024-01-02 03:04:05.123456', TIMESTAMP '2024-01-02 03:04:05.678 UTC',
               ARRAY[1, 2, NULL], MAP(ARRAY['a', 'b'], ARRAY[1.5E0, NULL]), ROW(1, 'x'), 'ab'),
              (false, 127, -32768, -1, -1, 0.25, 1E300, -0.01, -9999999999999999999999999.99999, '', X'',
               DATE '1900-01-01', TIMESTAMP '1970-01-01 00:00:00.000001', TIMESTAMP '1969-12-31 23:59:59.999 UTC',
               ARRAY[], MAP(), ROW(NULL, NULL), ''),
              (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL))
            AS t(c_boolean, c_tinyint, c_smallint, c_integer, c_bigint, c_real, c_double, c_short_decimal, c_long_decimal, c_varchar, c_varbinary,
                 c_date, c_timestamp, c_timestamp_tz, c_array, c_map, c_row, c_char)""";
    private static final String COMMON_COLUMN_NAMES = "c_boolean, c_tinyint, c_smallint, c_integer, c_bigint, c_real, c_double, c_short_decimal, c_long_decimal, " +
            "c_varchar, c_varbinary, c_date, c_timestamp, c_timestamp_tz, c_array, c_map, c_row";

    private TrinoServer server;

    @BeforeAll
    void startServer()
            throws Exception
    {
        server = new TrinoServer();
        server.execute("CREATE SCHEMA lakehouse.interop");
        server.execute("CREATE SCHEMA delta.interop");
    }

    @AfterAll
    void stopServer()
    {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void testOurUnpartitionedTableReadsInDelta()
            throws SQLException
    {
        assertOurTableReadsInDelta("ours_plain", "");
    }

    @Test
    void testOurPartitionedTablesReadInDelta()
            throws SQLException
    {
        assertOurTableReadsInDelta("ours_by_varchar", "WITH (partitioned_by = ARRAY['c_varchar'])");
        assertOurTableReadsInDelta("ours_by_date_and_int", "WITH (partitioned_by = ARRAY['c_date', 'c_integer'])");
        assertOurTableReadsInDelta("ours_by_decimal", "WITH (partitioned_by = ARRAY['c_short_decimal'])");
        assertOurTableReadsInDelta("ours_by_timestamp", "WITH (partitioned_by = ARRAY['c_timestamp_tz'])");
        assertOurTableReadsInDelta("ours_by_boolean", "WITH (partitioned_by = ARRAY['c_boolean'])");
    }

    @Test
    void testOurTableWithManyCommitsReadsInDelta()
            throws SQLException
    {
        server.execute("CREATE TABLE lakehouse.interop.ours_many_commits WITH (checkpoint_interval = 3) AS SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey < 1000");
        for (int i = 1; i <= 7; i++) {
            server.execute("INSERT INTO lakehouse.interop.ours_many_commits SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey BETWEEN %s AND %s".formatted(i * 1000, i * 1000 + 999));
        }
        // versions 3 and 6 have checkpoints: Trino's connector starts from our Parquet checkpoint
        assertThat(server.lakehouseWarehouse().resolve("interop/ours_many_commits/_delta_log/00000000000000000006.checkpoint.parquet")).exists();
        registerInDelta("ours_many_commits");
        assertSameRows("SELECT * FROM lakehouse.interop.ours_many_commits", "SELECT * FROM delta.interop.ours_many_commits");
        assertSameRows("SELECT * FROM lakehouse.interop.ours_many_commits", "SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey < 8000");
        // a selective read in their connector uses our statistics as well
        assertSameRows("SELECT count(*) FROM delta.interop.ours_many_commits WHERE orderkey BETWEEN 3000 AND 3100", "SELECT count(*) FROM tpch.tiny.orders WHERE orderkey BETWEEN 3000 AND 3100");
    }

    @Test
    void testOptimizedTablesReadInDelta()
            throws SQLException
    {
        server.execute("CREATE TABLE lakehouse.interop.ours_optimized WITH (partitioned_by = ARRAY['orderstatus']) AS SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey < 1000");
        for (int i = 1; i <= 4; i++) {
            server.execute("INSERT INTO lakehouse.interop.ours_optimized SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey BETWEEN %s AND %s".formatted(i * 1000, i * 1000 + 999));
        }
        server.execute("ALTER TABLE lakehouse.interop.ours_optimized EXECUTE optimize");
        registerInDelta("ours_optimized");
        assertSameRows("SELECT * FROM delta.interop.ours_optimized", "SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey < 5000");

        // clustered, with the delta.clustering domain metadata and the writer features it needs
        server.execute("CREATE TABLE lakehouse.interop.ours_clustered WITH (clustered_by = ARRAY['totalprice', 'orderkey'], checkpoint_interval = 3) AS SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders");
        server.execute("INSERT INTO lakehouse.interop.ours_clustered SELECT orderkey + 100000, orderstatus, totalprice FROM tpch.tiny.orders");
        server.execute("ALTER TABLE lakehouse.interop.ours_clustered EXECUTE cluster");
        server.execute("ALTER TABLE lakehouse.interop.ours_clustered SET PROPERTIES clustered_by = ARRAY['orderkey']");
        // version 3 is a checkpoint holding the domain metadata
        assertThat(server.lakehouseWarehouse().resolve("interop/ours_clustered/_delta_log/00000000000000000003.checkpoint.parquet")).exists();
        registerInDelta("ours_clustered");
        assertSameRows("SELECT * FROM delta.interop.ours_clustered", "SELECT * FROM lakehouse.interop.ours_clustered");
        assertSameRows("SELECT count(*), min(totalprice), max(totalprice) FROM delta.interop.ours_clustered WHERE totalprice BETWEEN 1000 AND 20000", "SELECT 2 * count(*), min(totalprice), max(totalprice) FROM tpch.tiny.orders WHERE totalprice BETWEEN 1000 AND 20000");

        // a table Trino's connector wrote, compacted here, still reads the same there
        server.execute("CREATE TABLE delta.interop.theirs_optimized AS SELECT orderkey, orderstatus FROM tpch.tiny.orders WHERE orderkey < 100");
        registerHere("theirs_optimized");
        server.execute("INSERT INTO lakehouse.interop.theirs_optimized SELECT orderkey, orderstatus FROM tpch.tiny.orders WHERE orderkey BETWEEN 100 AND 199");
        server.execute("ALTER TABLE lakehouse.interop.theirs_optimized EXECUTE optimize");
        assertSameRows("SELECT * FROM delta.interop.theirs_optimized", "SELECT orderkey, orderstatus FROM tpch.tiny.orders WHERE orderkey < 200");
        assertSameRows("SELECT * FROM lakehouse.interop.theirs_optimized", "SELECT * FROM delta.interop.theirs_optimized");
    }

    @Test
    void testStatisticsRebuiltForFilesWithoutThem()
            throws Exception
    {
        server.execute("CREATE TABLE delta.interop.theirs_with_statistics AS SELECT orderkey, custkey, totalprice FROM tpch.tiny.orders WHERE orderkey < 10000");
        registerHere("theirs_with_statistics");
        for (int range = 1; range < 6; range++) {
            server.execute("INSERT INTO lakehouse.interop.theirs_with_statistics SELECT orderkey, custkey, totalprice FROM tpch.tiny.orders WHERE orderkey >= %s AND orderkey < %s".formatted(range * 10000, (range + 1) * 10000));
        }
        // the same files and log, in the warehouse, with every add's statistics removed, as a writer that collects none
        // leaves them
        Path original = Path.of(URI.create(tableLocation("theirs_with_statistics")));
        Path copy = server.lakehouseWarehouse().resolve("interop/theirs_without_statistics");
        try (Stream<Path> files = Files.walk(original)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(original.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                }
                else if (file.getFileName().toString().endsWith(".json") && file.getParent().getFileName().toString().equals("_delta_log")) {
                    Files.writeString(target, Files.readString(file).replaceAll(",\"stats\":\"(?:[^\"\\\\]|\\\\.)*\"", ""));
                }
                else if (!file.toString().contains("_lakehouse") && !file.getFileName().toString().endsWith(".crc")) {
                    Files.copy(file, target);
                }
            }
        }
        assertThat(Files.readString(copy.resolve("_delta_log/00000000000000000000.json"))).doesNotContain("\"stats\"");
        // a folder with a log in the warehouse's schema folder is a table of the catalog

        String selective = "SELECT count(*), sum(custkey) FROM lakehouse.interop.theirs_without_statistics WHERE orderkey BETWEEN 32000 AND 33000";
        long splitsBefore = server.queryWithStatistics(TrinoServer.ONE_SPLIT_PER_FILE, selective).stats().getTotalSplits();
        server.execute("ALTER TABLE lakehouse.interop.theirs_without_statistics EXECUTE rebuild_stats");
        long splitsAfter = server.queryWithStatistics(TrinoServer.ONE_SPLIT_PER_FILE, selective).stats().getTotalSplits();
        // the five files of other ranges (at least) are no longer scheduled
        assertThat(splitsBefore - splitsAfter).as("splits before %s, after %s", splitsBefore, splitsAfter).isGreaterThanOrEqualTo(5);
        assertSameRows(selective, "SELECT count(*), sum(custkey) FROM tpch.tiny.orders WHERE orderkey BETWEEN 32000 AND 33000");
        // Trino's connector reads the table after the statistics commit, and uses the new statistics too
        registerInDelta("theirs_without_statistics");
        assertSameRows("SELECT * FROM delta.interop.theirs_without_statistics", "SELECT orderkey, custkey, totalprice FROM tpch.tiny.orders WHERE orderkey < 60000");
    }

    @Test
    void testVacuumedTablesReadInDeltaAtEveryRetainedVersion()
            throws Exception
    {
        server.execute("CREATE TABLE lakehouse.interop.ours_vacuumed WITH (partitioned_by = ARRAY['orderstatus']) AS SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey < 1000");
        for (int i = 1; i <= 3; i++) {
            server.execute("INSERT INTO lakehouse.interop.ours_vacuumed SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey BETWEEN %s AND %s".formatted(i * 1000, i * 1000 + 999));
        }
        server.execute("ALTER TABLE lakehouse.interop.ours_vacuumed EXECUTE optimize");
        Path table = server.lakehouseWarehouse().resolve("interop/ours_vacuumed");
        long optimized = latestVersion(table);
        // everything so far is older than the default retention of 7 days, then one more version comes
        age(table, Duration.ofDays(10));
        server.execute("INSERT INTO lakehouse.interop.ours_vacuumed SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey BETWEEN 4000 AND 4999");
        long dataFilesBefore = countDataFiles(table);
        server.execute("CALL lakehouse.system.vacuum(schema_name => 'interop', table_name => 'ours_vacuumed')");
        assertThat(countDataFiles(table)).isLessThan(dataFilesBefore);

        registerInDelta("ours_vacuumed");
        long latest = latestVersion(table);
        for (long version = optimized; version <= latest; version++) {
            assertSameRows("SELECT * FROM delta.interop.ours_vacuumed FOR VERSION AS OF " + version, "SELECT * FROM lakehouse.interop.ours_vacuumed FOR VERSION AS OF " + version);
        }
        assertSameRows("SELECT * FROM delta.interop.ours_vacuumed", "SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey < 5000");
        assertThat(server.query("SELECT operation FROM delta.interop.\"ours_vacuumed$history\" WHERE version > " + (latest - 2) + " ORDER BY version"))
                .containsExactly(List.of("VACUUM START"), List.of("VACUUM END"));

        // a table Trino's connector wrote is vacuumed by the same rules and still reads the same there
        server.execute("CREATE TABLE delta.interop.theirs_vacuumed AS SELECT orderkey, orderstatus FROM tpch.tiny.orders WHERE orderkey < 100");
        registerHere("theirs_vacuumed");
        server.execute("INSERT INTO lakehouse.interop.theirs_vacuumed SELECT orderkey, orderstatus FROM tpch.tiny.orders WHERE orderkey BETWEEN 100 AND 199");
        server.execute("ALTER TABLE lakehouse.interop.theirs_vacuumed EXECUTE optimize");
        Path theirs = Path.of(URI.create(tableLocation("theirs_vacuumed")));
        age(theirs, Duration.ofDays(10));
        long theirFilesBefore = countDataFiles(theirs);
        server.execute("CALL lakehouse.system.vacuum(schema_name => 'interop', table_name => 'theirs_vacuumed')");
        assertThat(countDataFiles(theirs)).isLessThan(theirFilesBefore);
        assertSameRows("SELECT * FROM delta.interop.theirs_vacuumed", "SELECT orderkey, orderstatus FROM tpch.tiny.orders WHERE orderkey < 200");
        assertSameRows("SELECT * FROM lakehouse.interop.theirs_vacuumed", "SELECT * FROM delta.interop.theirs_vacuumed");
    }

    private static long countDataFiles(Path table)
            throws IOException
    {
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".parquet") && !file.toString().contains("_delta_log")).count();
        }
    }

    private static void age(Path table, Duration age)
            throws IOException
    {
        FileTime time = FileTime.from(Instant.now().minus(age));
        try (Stream<Path> files = Files.walk(table)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, time);
            }
        }
    }

    private String tableLocation(String deltaTable)
            throws SQLException
    {
        String createTable = server.query("SHOW CREATE TABLE delta.interop." + deltaTable).getFirst().getFirst();
        Matcher location = Pattern.compile("location = '([^']+)'").matcher(createTable);
        assertThat(location.find()).as("location in %s", createTable).isTrue();
        return location.group(1);
    }

    @Test
    void testRowLevelChangesReadInDeltaAtEveryVersion()
            throws SQLException, IOException
    {
        // copy-on-write DELETE, UPDATE (moving rows between partitions), MERGE and a DELETE of whole partitions, with a
        // checkpoint every three versions (Trino's Delta Lake connector writes no row-level changes to a local file system)
        Path table = assertChangedTableReadsInDeltaAtEveryVersion("ours_changed", "");
        assertThat(latestVersion(table)).isEqualTo(5);
    }

    @Test
    void testDeletionVectorsReadInDeltaAtEveryVersion()
            throws SQLException, IOException
    {
        // the same changes, deleting by deletion vectors
        Path table = assertChangedTableReadsInDeltaAtEveryVersion("ours_vectors", ", deletion_vectors_enabled = true");
        try (Stream<Path> files = Files.list(table)) {
            assertThat(files.filter(path -> path.getFileName().toString().startsWith("deletion_vector_"))).isNotEmpty();
        }
    }

    /**
     * Creates a table here with the given extra properties, applies {@link #applyRowLevelChanges} to it, and checks that
     * Trino's Delta Lake connector reads every version of it as this connector does.
     *
     * @return the table's folder
     */
    private Path assertChangedTableReadsInDeltaAtEveryVersion(String name, String moreProperties)
            throws SQLException, IOException
    {
        String ours = "lakehouse.interop." + name;
        server.execute("CREATE TABLE %s WITH (partitioned_by = ARRAY['orderstatus'], checkpoint_interval = 3%s) AS SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey < 2000".formatted(ours, moreProperties));
        server.execute("INSERT INTO %s SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey BETWEEN 2000 AND 3999".formatted(ours));
        applyRowLevelChanges(ours);
        registerInDelta(name);
        Path table = server.lakehouseWarehouse().resolve("interop").resolve(name);
        long latest = latestVersion(table);
        for (long version = 0; version <= latest; version++) {
            assertSameRows("SELECT * FROM delta.interop.%s FOR VERSION AS OF %s".formatted(name, version), "SELECT * FROM %s FOR VERSION AS OF %s".formatted(ours, version));
        }
        return table;
    }

    private void applyRowLevelChanges(String table)
            throws SQLException
    {
        server.execute("DELETE FROM %s WHERE totalprice < 50000".formatted(table));
        server.execute("UPDATE %s SET totalprice = totalprice * 2, orderstatus = 'X' WHERE orderkey %% 7 = 0".formatted(table));
        server.execute("""
                MERGE INTO %s t USING (SELECT orderkey, totalprice FROM tpch.tiny.orders WHERE orderkey BETWEEN 3500 AND 4500) s ON t.orderkey = s.orderkey
                WHEN MATCHED AND s.orderkey %% 2 = 0 THEN DELETE
                WHEN MATCHED THEN UPDATE SET totalprice = 0
                WHEN NOT MATCHED THEN INSERT VALUES (s.orderkey, 'N', s.totalprice)""".formatted(table));
        server.execute("DELETE FROM %s WHERE orderstatus = 'P'".formatted(table));
    }

    @Test
    void testChangeDataFeedReadsTheSameInDelta()
            throws SQLException
    {
        for (String properties : List.of("", ", deletion_vectors_enabled = true")) {
            String table = properties.isEmpty() ? "ours_feed" : "ours_feed_vectors";
            server.execute("CREATE TABLE lakehouse.interop.%s WITH (change_data_feed_enabled = true, partitioned_by = ARRAY['status']%s) AS SELECT orderkey, totalprice, orderstatus AS status FROM tpch.tiny.orders WHERE orderkey < 5000".formatted(table, properties));
            server.execute("INSERT INTO lakehouse.interop.%s SELECT orderkey, totalprice, orderstatus FROM tpch.tiny.orders WHERE orderkey BETWEEN 5000 AND 8000".formatted(table));
            server.execute("UPDATE lakehouse.interop.%s SET totalprice = -totalprice WHERE orderkey %% 3 = 0".formatted(table));
            server.execute("DELETE FROM lakehouse.interop.%s WHERE orderkey %% 5 = 0".formatted(table));
            server.execute(("MERGE INTO lakehouse.interop.%s t USING (SELECT orderkey, totalprice, orderstatus FROM tpch.tiny.orders WHERE orderkey BETWEEN 7000 AND 9000) s ON t.orderkey = s.orderkey " +
                    "WHEN MATCHED THEN UPDATE SET totalprice = 0 WHEN NOT MATCHED THEN INSERT VALUES (s.orderkey, s.totalprice, s.orderstatus)").formatted(table));
            server.execute("DELETE FROM lakehouse.interop.%s WHERE status = 'P'".formatted(table));
            registerInDelta(table);
            // Trino's Delta Lake connector reads the same changes from our cdc files and commits, commit by commit
            for (int since = 0; since < 5; since++) {
                assertSameRows("SELECT * FROM TABLE(delta.system.table_changes('interop', '%s', %s))".formatted(table, since),
                        "SELECT * FROM TABLE(lakehouse.system.table_changes('interop', '%s', %s))".formatted(table, since));
            }
            assertSameRows("SELECT * FROM delta.interop." + table, "SELECT * FROM lakehouse.interop." + table);
        }
    }

    @Test
    void testClonesReadTheSameInDelta()
            throws SQLException
    {
        // partition values that must be escaped in folder names and encoded in the clone's absolute paths
        server.execute("CREATE TABLE lakehouse.interop.clone_source WITH (partitioned_by = ARRAY['status'], deletion_vectors_enabled = true) AS " +
                "SELECT orderkey, totalprice, orderstatus || ' a/b:c%d é' AS status FROM tpch.tiny.orders");
        // the clone reads a deletion vector of the source, copied into its own folder
        server.execute("DELETE FROM lakehouse.interop.clone_source WHERE orderkey % 7 = 0");
        server.execute("CALL lakehouse.system.clone_table('interop', 'clone_source', 'interop', 'ours_clone')");
        server.execute("INSERT INTO lakehouse.interop.ours_clone VALUES (1, 1.5, 'new')");
        server.execute("CALL lakehouse.system.clone_table('interop', 'clone_source', 'interop', 'ours_clone_v0', 0)");
        for (String clone : List.of("ours_clone", "ours_clone_v0")) {
            registerInDelta(clone);
            assertSameRows("SELECT * FROM delta.interop." + clone, "SELECT * FROM lakehouse.interop." + clone);
        }
        assertSameRows("SELECT count(*) FROM delta.interop.ours_clone", "SELECT count(*) + 1 FROM tpch.tiny.orders WHERE orderkey % 7 <> 0");
        assertSameRows("SELECT count(*) FROM delta.interop.ours_clone_v0", "SELECT count(*) FROM tpch.tiny.orders");
        assertSameRows("SELECT operation FROM delta.interop.\"ours_clone$history\" WHERE version = 0", "VALUES 'CLONE'");
    }

    @Test
    void testMetadataTablesAndRestoreReadTheSameInDelta()
            throws SQLException, IOException
    {
        String name = "ours_restored";
        String ours = "lakehouse.interop." + name;
        server.execute("CREATE TABLE %s WITH (partitioned_by = ARRAY['orderstatus'], checkpoint_interval = 3) AS SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey < 2000".formatted(ours));
        server.execute("INSERT INTO %s SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey BETWEEN 2000 AND 3999".formatted(ours));
        applyRowLevelChanges(ours);
        server.execute("ALTER TABLE %s EXECUTE restore(version => 1)".formatted(ours));
        registerInDelta(name);
        Path table = server.lakehouseWarehouse().resolve("interop").resolve(name);
        long latest = latestVersion(table);
        for (long version = 0; version <= latest; version++) {
            assertSameRows("SELECT * FROM delta.interop.%s FOR VERSION AS OF %s".formatted(name, version), "SELECT * FROM %s FOR VERSION AS OF %s".formatted(ours, version));
        }
        assertSameRows("SELECT * FROM delta.interop.%s".formatted(name), "SELECT * FROM %s FOR VERSION AS OF 1".formatted(ours));
        // Trino's Delta Lake connector shows a missing read version as 0
        String history = "SELECT version, timestamp, user_name, operation, operation_parameters, coalesce(read_version, 0), isolation_level, is_blind_append, operation_metrics FROM %s.interop.\"%s$history\"";
        assertSameRows(history.formatted("delta", name), history.formatted("lakehouse", name));
        assertSameRows("SELECT key, value FROM delta.interop.\"%s$properties\"".formatted(name), "SELECT key, value FROM lakehouse.interop.\"%s$properties\"".formatted(name));
        assertSameRows("SELECT partition.orderstatus, file_count, total_size FROM delta.interop.\"%s$partitions\"".formatted(name), "SELECT partition.orderstatus, file_count, total_size FROM lakehouse.interop.\"%s$partitions\"".formatted(name));
        assertSameRows("SELECT \"$path\", \"$file_size\", \"$file_modified_time\", orderkey FROM delta.interop.%s".formatted(name), "SELECT \"$path\", \"$file_size\", \"$file_modified_time\", orderkey FROM %s".formatted(ours));
    }

    @Test
    void testColumnMappedTablesReadInDeltaAtEveryVersion()
            throws SQLException, IOException
    {
        for (String mode : List.of("name", "id")) {
            // renamed, dropped and re-added columns (nested, in arrays and partition ones too), rows written between the changes
            String name = "ours_mapped_" + mode;
            String ours = "lakehouse.interop." + name;
            server.execute("CREATE TABLE %s (orderkey bigint, status varchar, price double, detail row(priority varchar, clerk varchar), lines array(row(quantity integer, tag varchar))) WITH (column_mapping_mode = '%s', partitioned_by = ARRAY['status'])".formatted(ours, mode));
            server.execute("INSERT INTO %s SELECT orderkey, orderstatus, totalprice, ROW(orderpriority, clerk), ARRAY[ROW(shippriority, orderpriority)] FROM tpch.tiny.orders WHERE orderkey < 1000".formatted(ours));
            server.execute("ALTER TABLE %s RENAME COLUMN price TO total".formatted(ours));
            server.execute("ALTER TABLE %s RENAME COLUMN status TO state".formatted(ours));
            server.execute("INSERT INTO %s SELECT orderkey, orderstatus, totalprice, ROW(orderpriority, clerk), ARRAY[ROW(shippriority, clerk)] FROM tpch.tiny.orders WHERE orderkey BETWEEN 1000 AND 1999".formatted(ours));
            server.execute("ALTER TABLE %s DROP COLUMN detail".formatted(ours));
            server.execute("ALTER TABLE %s ADD COLUMN detail varchar".formatted(ours));
            server.execute("INSERT INTO %s SELECT orderkey, orderstatus, totalprice, ARRAY[ROW(shippriority, clerk)], comment FROM tpch.tiny.orders WHERE orderkey BETWEEN 2000 AND 2999".formatted(ours));
            server.execute("DELETE FROM %s WHERE orderkey %% 5 = 0".formatted(ours));
            server.execute("ALTER TABLE %s ADD COLUMN lines.element.note varchar".formatted(ours));
            server.execute("ALTER TABLE %s DROP COLUMN lines.element.tag".formatted(ours));
            server.execute("INSERT INTO %s SELECT orderkey, orderstatus, totalprice, ARRAY[ROW(shippriority, comment)], clerk FROM tpch.tiny.orders WHERE orderkey BETWEEN 3000 AND 3999".formatted(ours));
            registerInDelta(name);
            long latest = latestVersion(server.lakehouseWarehouse().resolve("interop").resolve(name));
            assertThat(latest).isEqualTo(11);
            for (long version = 1; version <= latest; version++) {
                assertSameRows("SELECT * FROM delta.interop.%s FOR VERSION AS OF %s".formatted(name, version), "SELECT * FROM %s FOR VERSION AS OF %s".formatted(ours, version));
            }
        }
    }

    @Test
    void testDeltaColumnMappedTablesReadHere()
            throws SQLException
    {
        for (String mode : List.of("name", "id")) {
            String name = "theirs_mapped_" + mode;
            server.execute("CREATE TABLE delta.interop.%s WITH (column_mapping_mode = '%s', partitioned_by = ARRAY['orderstatus']) AS SELECT orderkey, totalprice, CAST(ROW(orderpriority, clerk) AS row(priority varchar, clerk varchar)) detail, orderstatus FROM tpch.tiny.orders WHERE orderkey < 3000".formatted(name, mode));
            registerHere(name);
            assertSameRows("SELECT * FROM lakehouse.interop." + name, "SELECT * FROM delta.interop." + name);
            // and what we write into their table reads there
            server.execute("INSERT INTO lakehouse.interop.%s SELECT orderkey, totalprice, CAST(ROW(orderpriority, clerk) AS row(priority varchar, clerk varchar)), orderstatus FROM tpch.tiny.orders WHERE orderkey BETWEEN 3000 AND 3999".formatted(name));
            assertSameRows("SELECT * FROM lakehouse.interop." + name, "SELECT * FROM delta.interop." + name);
            assertThat(server.query("SELECT count(*) FROM delta.interop.%s WHERE orderkey >= 3000".formatted(name))).isNotEqualTo(List.of(List.of("0")));
        }
    }

    @Test
    void testDeltaTablesReadHere()
            throws SQLException
    {
        assertDeltaTableReadsHere("theirs_plain", "");
        // Trino's Delta Lake connector accepts only ASCII partition values, so partition by a number there
        assertDeltaTableReadsHere("theirs_by_bigint", "WITH (partitioned_by = ARRAY['c_bigint'])");
        assertDeltaTableReadsHere("theirs_by_date_and_int", "WITH (partitioned_by = ARRAY['c_date', 'c_integer'])");
        assertDeltaTableReadsHere("theirs_by_timestamp", "WITH (partitioned_by = ARRAY['c_timestamp_tz'])");
    }

    @Test
    void testDeltaCheckpointsReadHere()
            throws SQLException
    {
        server.execute("CREATE TABLE delta.interop.theirs_checkpointed WITH (checkpoint_interval = 2) AS SELECT orderkey, orderstatus FROM tpch.tiny.orders WHERE orderkey < 100");
        registerHere("theirs_checkpointed");
        for (int i = 1; i <= 4; i++) {
            // Trino's connector cannot INSERT into local tables, so this connector appends; the log then holds
            // checkpoints from both writers
            server.execute("INSERT INTO lakehouse.interop.theirs_checkpointed SELECT orderkey, orderstatus FROM tpch.tiny.orders WHERE orderkey BETWEEN %s AND %s".formatted(i * 100, i * 100 + 99));
        }
        assertSameRows("SELECT * FROM lakehouse.interop.theirs_checkpointed", "SELECT * FROM delta.interop.theirs_checkpointed");
        assertSameRows("SELECT * FROM lakehouse.interop.theirs_checkpointed", "SELECT orderkey, orderstatus FROM tpch.tiny.orders WHERE orderkey < 500");
    }

    @Test
    void testDeltaTableWithStatisticsIsPrunedHere()
            throws SQLException
    {
        server.execute("CREATE TABLE delta.interop.theirs_orders AS SELECT * FROM tpch.tiny.orders");
        registerHere("theirs_orders");
        assertSameRows("SELECT * FROM lakehouse.interop.theirs_orders", "SELECT * FROM tpch.tiny.orders");
        assertSameRows("SELECT count(*), sum(totalprice) FROM lakehouse.interop.theirs_orders WHERE orderkey = 7", "SELECT count(*), sum(totalprice) FROM tpch.tiny.orders WHERE orderkey = 7");
        assertSameRows("SELECT orderstatus, count(*) FROM lakehouse.interop.theirs_orders GROUP BY 1", "SELECT orderstatus, count(*) FROM tpch.tiny.orders GROUP BY 1");
    }

    private void assertOurTableReadsInDelta(String table, String properties)
            throws SQLException
    {
        server.execute("CREATE TABLE lakehouse.interop.%s %s AS SELECT %s, CAST(c_char AS char(5)) c_char %s".formatted(table, properties, COMMON_COLUMNS, VALUES));
        server.execute("INSERT INTO lakehouse.interop.%s SELECT %s, CAST(c_char AS char(5)) c_char %s".formatted(table, COMMON_COLUMNS, VALUES));
        registerInDelta(table);
        assertSameRows("SELECT %s FROM lakehouse.interop.%s".formatted(COMMON_COLUMN_NAMES, table), "SELECT %s FROM delta.interop.%s".formatted(COMMON_COLUMN_NAMES, table));
        // Delta has no char(n): the column is a string there, holding the value without padding
        assertSameRows("SELECT rtrim(CAST(c_char AS varchar)) FROM lakehouse.interop.%s".formatted(table), "SELECT c_char FROM delta.interop.%s".formatted(table));
        assertThat(server.query("SELECT count(*) FROM delta.interop." + table)).containsExactly(List.of("6"));
    }

    private void assertDeltaTableReadsHere(String table, String properties)
            throws SQLException
    {
        server.execute("CREATE TABLE delta.interop.%s %s AS SELECT %s %s".formatted(table, properties, COMMON_COLUMNS, VALUES));
        registerHere(table);
        assertSameRows("SELECT %s FROM lakehouse.interop.%s".formatted(COMMON_COLUMN_NAMES, table), "SELECT %s FROM delta.interop.%s".formatted(COMMON_COLUMN_NAMES, table));
        assertThat(server.query("SELECT count(*) FROM lakehouse.interop." + table)).containsExactly(List.of("3"));
    }

    private void registerInDelta(String table)
            throws SQLException
    {
        server.execute("CALL delta.system.register_table(schema_name => 'interop', table_name => '%s', table_location => '%s')"
                .formatted(table, server.lakehouseWarehouse().resolve("interop").resolve(table).toUri()));
    }

    private void registerHere(String table)
            throws SQLException
    {
        server.execute("CALL lakehouse.system.register_table(schema_name => 'interop', table_name => '%s', table_location => '%s')".formatted(table, tableLocation(table)));
    }

    private void assertSameRows(String actualSql, String expectedSql)
            throws SQLException
    {
        List<List<String>> actual = sorted(server.query(actualSql));
        List<List<String>> expected = sorted(server.query(expectedSql));
        assertThat(actual).as("%s\nvs\n%s", actualSql, expectedSql).isEqualTo(expected);
        assertThat(actual).isNotEmpty();
    }

    private static List<List<String>> sorted(List<List<String>> rows)
    {
        return rows.stream().sorted(Comparator.comparing(Object::toString)).toList();
    }
}
