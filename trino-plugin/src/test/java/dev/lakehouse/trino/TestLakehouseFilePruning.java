package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trino.Session;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static io.trino.SystemSessionProperties.ENABLE_DYNAMIC_FILTERING;
import static io.trino.SystemSessionProperties.JOIN_DISTRIBUTION_TYPE;
import static io.trino.SystemSessionProperties.SCALE_WRITERS;
import static io.trino.SystemSessionProperties.TASK_MAX_WRITER_COUNT;
import static io.trino.SystemSessionProperties.TASK_MIN_WRITER_COUNT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that selective queries open only the data files that can match: pruning uses the partition values and
 * min/max statistics in the log, and dynamic filters from joins.
 */
final class TestLakehouseFilePruning
        extends AbstractTestQueryFramework
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final CountingFileSystemFactory fileSystemFactory = new CountingFileSystemFactory();
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        // one node and one writer: each INSERT below writes exactly one file
        warehouse = Files.createTempDirectory("lakehouse-pruning");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                .setWorkerCount(0)
                .setFileSystemModule(binder -> binder.bind(io.trino.filesystem.TrinoFileSystemFactory.class).toInstance(fileSystemFactory))
                .build();
    }

    @Test
    void testPartitionPruning()
    {
        assertUpdate("CREATE TABLE partitioned WITH (partitioned_by = ARRAY['part']) AS " +
                "SELECT orderkey, orderstatus AS part FROM tpch.tiny.orders", 15000);
        // one file per partition: F, O, P
        assertThat(dataFilesOpenedBy("SELECT sum(orderkey) FROM partitioned")).isEqualTo(3);
        assertThat(dataFilesOpenedBy("SELECT sum(orderkey) FROM partitioned WHERE part = 'F'")).isEqualTo(1);
        assertThat(dataFilesOpenedBy("SELECT sum(orderkey) FROM partitioned WHERE part IN ('F', 'P')")).isEqualTo(2);
        assertThat(dataFilesOpenedBy("SELECT sum(orderkey) FROM partitioned WHERE part = 'X'")).isZero();
        assertQuery("SELECT count(*) FROM partitioned WHERE part = 'F'", "SELECT count(*) FROM orders WHERE orderstatus = 'F'");
    }

    @Test
    void testRowCountsComeFromTheLog()
    {
        assertUpdate("CREATE TABLE counted WITH (partitioned_by = ARRAY['part']) AS " +
                "SELECT orderkey, orderstatus AS part FROM tpch.tiny.orders", 15000);
        // no data column is read: the log's row counts answer without opening a file
        assertThat(dataFilesOpenedBy("SELECT count(*) FROM counted")).isZero();
        assertThat(dataFilesOpenedBy("SELECT part, count(*) FROM counted GROUP BY part")).isZero();
        assertQuery("SELECT part, count(*) FROM counted GROUP BY part", "SELECT orderstatus, count(*) FROM orders GROUP BY orderstatus");
        // with a small split size a file has several splits, and its rows must be counted once
        Session smallSplits = Session.builder(getSession())
                .setCatalogSessionProperty(LakehouseQueryRunner.CATALOG, "max_split_size", "1kB")
                .build();
        assertQuery(smallSplits, "SELECT count(*) FROM counted", "VALUES 15000");
        // a filter on a data column needs the data
        assertThat(dataFilesOpenedBy("SELECT count(*) FROM counted WHERE orderkey < 100")).isEqualTo(3);
        assertQuery("SELECT count(*) FROM counted WHERE orderkey < 100", "SELECT count(*) FROM orders WHERE orderkey < 100");
    }

    @Test
    void testStatisticsPruningOnSortedColumn()
    {
        // ten commits, each one file covering its own range of orderkey
        assertUpdate("CREATE TABLE sorted (orderkey bigint, totalprice double)");
        for (int i = 0; i < 10; i++) {
            getQueryRunner().execute(getSession(), "INSERT INTO sorted SELECT orderkey, totalprice FROM tpch.tiny.orders WHERE orderkey % 10 = " + i);
        }
        assertUpdate("CREATE TABLE ranged (orderkey bigint, totalprice double)");
        for (int i = 0; i < 10; i++) {
            getQueryRunner().execute(getSession(), "INSERT INTO ranged SELECT orderkey, totalprice FROM tpch.tiny.orders WHERE orderkey > %s AND orderkey <= %s".formatted(i * 6000, (i + 1) * 6000));
        }
        assertThat(dataFilesOpenedBy("SELECT sum(totalprice) FROM ranged")).isEqualTo(10);
        assertThat(dataFilesOpenedBy("SELECT sum(totalprice) FROM ranged WHERE orderkey = 12001")).isEqualTo(1);
        assertThat(dataFilesOpenedBy("SELECT sum(totalprice) FROM ranged WHERE orderkey BETWEEN 6001 AND 18000")).isEqualTo(2);
        assertThat(dataFilesOpenedBy("SELECT sum(totalprice) FROM ranged WHERE orderkey > 1000000")).isZero();
        // interleaved keys: every file's range covers the value, nothing can be skipped
        assertThat(dataFilesOpenedBy("SELECT sum(totalprice) FROM sorted WHERE orderkey = 12001")).isEqualTo(10);
        assertQuery("SELECT sum(totalprice) FROM ranged WHERE orderkey BETWEEN 6001 AND 18000", "SELECT sum(totalprice) FROM orders WHERE orderkey BETWEEN 6001 AND 18000");
    }

    /**
     * Within a file, row groups are skipped by their statistics, and by their dictionaries for columns compared with
     * single values; a range is decided by the statistics alone, since over a column of many values a dictionary never
     * rules out a row group whose statistics reach into the range, and reading it costs more than it saves.
     */
    @Test
    void testRowGroupPruning()
    {
        // one file of one row group; orderstatus holds F, O and P, dictionary encoded
        assertUpdate("CREATE TABLE statuses AS SELECT orderkey, orderstatus FROM tpch.tiny.orders", 15000);
        long rows = 15000;
        assertThat(rowsReadBy("SELECT count(orderkey) FROM statuses WHERE orderstatus = 'O'")).isEqualTo(rows);
        // G lies within the row group's minimum and maximum, but is not in its dictionary
        assertThat(rowsReadBy("SELECT count(orderkey) FROM statuses WHERE orderstatus = 'G'")).isZero();
        assertThat(rowsReadBy("SELECT count(orderkey) FROM statuses WHERE orderstatus IN ('A', 'G', 'Q')")).isZero();
        assertThat(rowsReadBy("SELECT count(orderkey) FROM statuses WHERE orderstatus > 'X'")).isZero();
        assertThat(rowsReadBy("SELECT count(orderkey) FROM statuses WHERE orderstatus BETWEEN 'G' AND 'N'")).isEqualTo(rows);
        assertQuery("SELECT count(orderkey) FROM statuses WHERE orderstatus BETWEEN 'G' AND 'N'", "VALUES 0");
        assertQuery("SELECT count(orderkey) FROM statuses WHERE orderstatus IN ('A', 'G', 'O')", "SELECT count(*) FROM orders WHERE orderstatus = 'O'");
    }

    /**
     * A data file's footer is parsed once and kept: later queries open the file for its data only.
     */
    @Test
    void testFootersAreReadOnce()
    {
        assertUpdate("CREATE TABLE three_files (orderkey bigint, orderstatus varchar)");
        for (String status : List.of("F", "O", "P")) {
            assertUpdate("INSERT INTO three_files SELECT orderkey, orderstatus FROM tpch.tiny.orders WHERE orderstatus = '%s'".formatted(status), "SELECT count(*) FROM orders WHERE orderstatus = '%s'".formatted(status));
        }
        String query = "SELECT orderstatus, sum(orderkey) FROM three_files GROUP BY orderstatus";
        assertThat(fileSystemFactory.dataFileFootersReadBy(getQueryRunner(), getSession(), query, "three_files")).isEqualTo(3);
        assertThat(fileSystemFactory.dataFileFootersReadBy(getQueryRunner(), getSession(), query, "three_files")).isZero();
        assertThat(dataFilesOpenedBy(query)).isEqualTo(3);
        assertQuery(query, "SELECT orderstatus, sum(orderkey) FROM orders GROUP BY orderstatus");
    }

    @Test
    void testQueriesFindTablesWithoutListingTheirLog()
            throws IOException
    {
        assertUpdate("CREATE TABLE long_log (orderkey bigint)");
        for (int insert = 0; insert < 12; insert++) {
            assertUpdate("INSERT INTO long_log VALUES " + insert, 1);
        }
        String query = "SELECT count(*), sum(orderkey) FROM long_log";
        assertQuery(query, "VALUES (12, 66)");
        // the table is found by its first commit, the latest version by the snapshot read before: no listing of a log
        // that may hold thousands of files
        assertThat(fileSystemFactory.logListingsBy(getQueryRunner(), getSession(), query, "long_log")).isZero();

        // a log whose first commits were cleaned up, with a checkpoint (every 10 commits) but no _last_checkpoint
        // (which the protocol does not require) is found by listing it
        Path log = warehouse.resolve(LakehouseQueryRunner.SCHEMA).resolve("long_log").resolve("_delta_log");
        assertThat(log.resolve("00000000000000000010.checkpoint.parquet")).exists();
        Files.delete(log.resolve("00000000000000000000.json"));
        Files.delete(log.resolve("_last_checkpoint"));
        assertQuery("SHOW TABLES LIKE 'long_log'", "VALUES 'long_log'");
        assertQuery(query, "VALUES (12, 66)");

        // an empty log folder (a table whose creation never committed) is no table
        Files.createDirectories(warehouse.resolve(LakehouseQueryRunner.SCHEMA).resolve("never_committed").resolve("_delta_log"));
        assertQuery("SHOW TABLES LIKE 'never_committed'", "SELECT 'x' WHERE false");
        assertQueryFails("SELECT * FROM never_committed", ".*Table '.*never_committed' does not exist");
    }

    @Test
    void testStatisticsPruningAfterCheckpointWithStatisticsOnlyAsStruct()
            throws IOException
    {
        // CREATE TABLE sets no arbitrary configuration: the first commit is written as another Delta writer would
        Path log = warehouse.resolve(LakehouseQueryRunner.SCHEMA).resolve("struct_stats").resolve("_delta_log");
        Files.createDirectories(log);
        String schema = "{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[" +
                "{\\\"name\\\":\\\"orderkey\\\",\\\"type\\\":\\\"long\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}," +
                "{\\\"name\\\":\\\"totalprice\\\",\\\"type\\\":\\\"double\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}]}";
        String metadata = "{\"metaData\":{\"id\":\"struct-stats\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":\"" + schema + "\"," +
                "\"partitionColumns\":[],\"configuration\":{\"delta.checkpointInterval\":\"5\"," +
                "\"delta.checkpoint.writeStatsAsStruct\":\"true\",\"delta.checkpoint.writeStatsAsJson\":\"false\"},\"createdTime\":0}}";
        Files.writeString(log.resolve("00000000000000000000.json"), "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}\n" + metadata + "\n", UTF_8);

        // versions 1 to 10, each one file covering its own range of orderkey; checkpoints at 5 and 10
        for (int i = 0; i < 10; i++) {
            getQueryRunner().execute(getSession(), "INSERT INTO struct_stats SELECT orderkey, totalprice FROM tpch.tiny.orders WHERE orderkey > %s AND orderkey <= %s".formatted(i * 6000, (i + 1) * 6000));
        }
        assertThat(log.resolve("00000000000000000010.checkpoint.parquet")).exists();
        // as log cleanup would: the statistics are now only in the checkpoint, as stats_parsed
        for (int version = 0; version <= 10; version++) {
            Files.delete(log.resolve("%020d.json".formatted(version)));
        }

        assertThat(dataFilesOpenedBy("SELECT sum(totalprice) FROM struct_stats")).isEqualTo(10);
        assertThat(dataFilesOpenedBy("SELECT sum(totalprice) FROM struct_stats WHERE orderkey = 12001")).isEqualTo(1);
        assertThat(dataFilesOpenedBy("SELECT sum(totalprice) FROM struct_stats WHERE orderkey BETWEEN 6001 AND 18000")).isEqualTo(2);
        assertThat(dataFilesOpenedBy("SELECT sum(totalprice) FROM struct_stats WHERE orderkey > 1000000")).isZero();
        assertQuery("SELECT count(*), sum(totalprice) FROM struct_stats WHERE orderkey BETWEEN 6001 AND 18000", "SELECT count(*), sum(totalprice) FROM orders WHERE orderkey BETWEEN 6001 AND 18000");
        assertQuery("SELECT count(*), min(orderkey), max(orderkey) FROM struct_stats", "SELECT count(*), min(orderkey), max(orderkey) FROM orders");
    }

    @Test
    void testDynamicFilterPruning()
    {
        assertUpdate("CREATE TABLE facts (orderkey bigint, custkey bigint)");
        for (int i = 0; i < 10; i++) {
            getQueryRunner().execute(getSession(), "INSERT INTO facts SELECT orderkey, custkey FROM tpch.tiny.orders WHERE orderkey > %s AND orderkey <= %s".formatted(i * 6000, (i + 1) * 6000));
        }
        Session dynamicFiltering = Session.builder(getSession())
                .setSystemProperty(ENABLE_DYNAMIC_FILTERING, "true")
                .setSystemProperty(JOIN_DISTRIBUTION_TYPE, "BROADCAST")
                .setCatalogSessionProperty(LakehouseQueryRunner.CATALOG, "dynamic_filtering_wait_timeout", "30s")
                .build();
        // the build side selects keys of one file only, through a filter the optimizer cannot move to the probe side
        assertUpdate("CREATE TABLE wanted AS SELECT orderkey AS key, orderkey BETWEEN 100 AND 200 AS selected FROM tpch.tiny.orders", 15000);
        String join = "SELECT count(*) FROM facts f JOIN wanted w ON f.orderkey = w.key WHERE w.selected";
        assertThat(dataFilesOpenedBy(dynamicFiltering, join)).isEqualTo(1);
        Session withoutDynamicFiltering = Session.builder(dynamicFiltering)
                .setSystemProperty(ENABLE_DYNAMIC_FILTERING, "false")
                .build();
        assertThat(dataFilesOpenedBy(withoutDynamicFiltering, join)).isEqualTo(10);
        assertQuery(dynamicFiltering, join, "SELECT count(*) FROM orders WHERE orderkey BETWEEN 100 AND 200");
    }

    @Override
    protected Session getSession()
    {
        return Session.builder(super.getSession())
                .setSystemProperty(TASK_MIN_WRITER_COUNT, "1")
                .setSystemProperty(TASK_MAX_WRITER_COUNT, "1")
                .setSystemProperty(SCALE_WRITERS, "false")
                .build();
    }

    @Test
    void testRebuildStatisticsRestoresPruning()
            throws IOException
    {
        assertUpdate("CREATE TABLE full_statistics (comment varchar, orderkey bigint, totalprice double)");
        for (int range = 0; range < 4; range++) {
            assertUpdate("INSERT INTO full_statistics SELECT comment, orderkey, totalprice FROM tpch.tiny.orders WHERE orderkey BETWEEN %s AND %s".formatted(range * 15000, range * 15000 + 14999),
                    "SELECT count(*) FROM orders WHERE orderkey BETWEEN %s AND %s".formatted(range * 15000, range * 15000 + 14999));
        }
        // the same table as another engine might have written it: two files without statistics, two with statistics
        // of the first column only
        Path copy = warehouse.resolve("external/limited_statistics");
        copyTable(warehouse.resolve("tpch/full_statistics"), copy);
        limitStatistics(copy.resolve("_delta_log/00000000000000000001.json"), Optional.empty());
        limitStatistics(copy.resolve("_delta_log/00000000000000000002.json"), Optional.empty());
        limitStatistics(copy.resolve("_delta_log/00000000000000000003.json"), Optional.of("comment"));
        limitStatistics(copy.resolve("_delta_log/00000000000000000004.json"), Optional.of("comment"));
        assertUpdate("CALL system.register_table('tpch', 'limited_statistics', '%s')".formatted(copy.toUri()));

        String selective = "SELECT sum(totalprice) FROM limited_statistics WHERE orderkey = 7";
        assertThat(dataFilesOpenedBy(selective)).isEqualTo(4);
        assertThat(dataFilesOpenedBy("SELECT count(*) FROM limited_statistics WHERE totalprice > 500000")).isEqualTo(4);

        assertUpdate("ALTER TABLE limited_statistics EXECUTE rebuild_stats");
        assertThat(dataFilesOpenedBy(selective)).isEqualTo(1);
        assertThat(dataFilesOpenedBy("SELECT count(*) FROM limited_statistics WHERE totalprice > 500000")).isZero();
        assertQuery(selective, "SELECT sum(totalprice) FROM orders WHERE orderkey = 7");
        assertQuery("SELECT * FROM limited_statistics", "SELECT comment, orderkey, totalprice FROM orders WHERE orderkey < 60000");
        // the statistics are those our writer computed for the same files
        assertThat(statisticsOfLatestAdds(copy, 5)).containsExactlyInAnyOrderElementsOf(statisticsOfLatestAdds(warehouse.resolve("tpch/full_statistics"), 1, 2, 3, 4));

        // complete statistics: nothing to do, no new version
        assertUpdate("ALTER TABLE limited_statistics EXECUTE rebuild_stats");
        assertThat(copy.resolve("_delta_log/00000000000000000006.json")).doesNotExist();
    }

    private static void copyTable(Path source, Path target)
            throws IOException
    {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                }
                else if (!file.toString().contains("_lakehouse")) {
                    Files.copy(file, destination);
                }
            }
        }
    }

    /**
     * Rewrites a commit's add actions to carry no statistics, or statistics of one column only.
     */
    private static void limitStatistics(Path commit, Optional<String> keptColumn)
            throws IOException
    {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(commit)) {
            ObjectNode action = (ObjectNode) MAPPER.readTree(line);
            if (action.has("add")) {
                ObjectNode add = (ObjectNode) action.get("add");
                if (keptColumn.isEmpty()) {
                    add.remove("stats");
                }
                else {
                    ObjectNode statistics = (ObjectNode) MAPPER.readTree(add.get("stats").asText());
                    for (String section : List.of("minValues", "maxValues", "nullCount")) {
                        ((ObjectNode) statistics.get(section)).retain(keptColumn.get());
                    }
                    add.put("stats", MAPPER.writeValueAsString(statistics));
                }
            }
            lines.add(MAPPER.writeValueAsString(action));
        }
        Files.write(commit, lines);
    }

    private static List<JsonNode> statisticsOfLatestAdds(Path table, long... versions)
            throws IOException
    {
        List<JsonNode> statistics = new ArrayList<>();
        for (long version : versions) {
            for (String line : Files.readAllLines(table.resolve("_delta_log/%020d.json".formatted(version)))) {
                JsonNode action = MAPPER.readTree(line);
                if (action.has("add")) {
                    statistics.add(MAPPER.readTree(action.get("add").get("stats").asText()));
                }
            }
        }
        return statistics;
    }

    private long rowsReadBy(String sql)
    {
        return LakehouseQueryRunner.rowsRead(getQueryRunner(), getSession(), sql);
    }

    private long dataFilesOpenedBy(String sql)
    {
        return dataFilesOpenedBy(getSession(), sql);
    }

    /**
     * The number of distinct data files of the query's first table (the one after FROM) that it opened.
     */
    private long dataFilesOpenedBy(Session session, String sql)
    {
        String table = sql.replaceAll("(?s).*?FROM (\\w+).*", "$1");
        return fileSystemFactory.dataFilesOpenedBy(getQueryRunner(), session, sql, table);
    }
}
