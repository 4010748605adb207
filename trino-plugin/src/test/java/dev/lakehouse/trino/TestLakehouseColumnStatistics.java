package dev.lakehouse.trino;

import io.trino.Session;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Distinct-value and data-size statistics collected while writing, stored per table version beside the log,
 * and reported to the optimizer (SHOW STATS) only for the version they describe.
 */
final class TestLakehouseColumnStatistics
        extends AbstractTestQueryFramework
{
    private final CountingFileSystemFactory fileSystemFactory = new CountingFileSystemFactory();
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-column-statistics");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                .setWorkerCount(0)
                .setFileSystemModule(binder -> binder.bind(TrinoFileSystemFactory.class).toInstance(fileSystemFactory))
                .build();
    }

    @Test
    void testDistinctValuesAfterCreateTableAsSelect()
    {
        assertUpdate("CREATE TABLE ctas_orders AS SELECT orderkey, custkey, orderstatus, comment, totalprice FROM tpch.tiny.orders", 15000);
        for (String column : new String[] {"orderkey", "custkey", "orderstatus", "comment", "totalprice"}) {
            assertDistinctValuesNearActual("ctas_orders", column);
        }
        MaterializedRow comment = statisticsRow("ctas_orders", "comment");
        long actualSize = (long) computeScalar("SELECT sum(length(comment)) FROM ctas_orders");
        assertThat((double) comment.getField(1)).isCloseTo(actualSize, within(actualSize * 0.1));
        assertThat((double) statisticsRow("ctas_orders", null).getField(4)).isEqualTo(15000.0);
    }

    @Test
    void testInsertsMergeSketches()
    {
        assertUpdate("CREATE TABLE merged AS SELECT orderkey, custkey FROM tpch.tiny.orders WHERE orderkey < 30000", "SELECT count(*) FROM orders WHERE orderkey < 30000");
        assertUpdate("INSERT INTO merged SELECT orderkey, custkey FROM tpch.tiny.orders WHERE orderkey >= 30000", "SELECT count(*) FROM orders WHERE orderkey >= 30000");
        assertUpdate("INSERT INTO merged SELECT orderkey + 1000000, custkey FROM tpch.tiny.orders", 15000);
        assertDistinctValuesNearActual("merged", "orderkey");
        assertDistinctValuesNearActual("merged", "custkey");
        // earlier versions keep their own statistics
        double firstVersion = (double) computeActual("SHOW STATS FOR (SELECT * FROM merged FOR VERSION AS OF 0)").getMaterializedRows().stream()
                .filter(row -> "orderkey".equals(row.getField(0)))
                .findFirst().orElseThrow()
                .getField(2);
        long firstVersionActual = (long) computeScalar("SELECT count(DISTINCT orderkey) FROM merged FOR VERSION AS OF 0");
        assertThat(firstVersion).isCloseTo(firstVersionActual, within(firstVersionActual * 0.05));
    }

    @Test
    void testVersionWithoutStatisticsFileHasNoDistinctValues()
    {
        // CREATE TABLE without data writes no statistics (as another engine's commit would not): an append to it
        // cannot know the distinct values of the whole table and leaves them unknown
        assertUpdate("CREATE TABLE unknown_history (orderkey bigint)");
        assertUpdate("INSERT INTO unknown_history SELECT orderkey FROM tpch.tiny.orders", 15000);
        assertThat(warehouse.resolve("tpch/unknown_history/_delta_log/_lakehouse/column-statistics-00000000000000000001.json")).doesNotExist();
        assertThat(statisticsRow("unknown_history", "orderkey").getField(2)).isNull();
        assertThat((double) statisticsRow("unknown_history", null).getField(4)).isEqualTo(15000.0);
    }

    @Test
    void testStatisticsFilesAreVersionedAndDamagedOnesIgnored()
            throws IOException
    {
        assertUpdate("CREATE TABLE versioned AS SELECT orderkey FROM tpch.tiny.orders", 15000);
        assertUpdate("COMMENT ON TABLE versioned IS 'statistics carry over to this version'");
        Path log = warehouse.resolve("tpch/versioned/_delta_log/_lakehouse");
        assertThat(Files.readString(log.resolve("column-statistics-00000000000000000000.json"))).contains("\"format\":\"lakehouse-column-statistics\"", "\"tableVersion\":0");
        assertThat(Files.readString(log.resolve("column-statistics-00000000000000000001.json"))).contains("\"tableVersion\":1");
        assertDistinctValuesNearActual("versioned", "orderkey");

        assertUpdate("CREATE TABLE damaged (orderkey bigint)");
        assertUpdate("INSERT INTO damaged SELECT orderkey FROM tpch.tiny.orders", 15000);
        Files.createDirectories(warehouse.resolve("tpch/damaged/_delta_log/_lakehouse"));
        Files.writeString(warehouse.resolve("tpch/damaged/_delta_log/_lakehouse/column-statistics-00000000000000000001.json"), "{not json");
        assertQuery("SELECT count(*) FROM damaged", "VALUES 15000");
        assertThat(statisticsRow("damaged", "orderkey").getField(2)).isNull();
    }

    @Test
    void testAnalyzeComputesMissingStatistics()
    {
        assertUpdate("CREATE TABLE analyzed (orderkey bigint, custkey bigint, comment varchar)");
        assertUpdate("INSERT INTO analyzed SELECT orderkey, custkey, comment FROM tpch.tiny.orders", 15000);
        assertThat(statisticsRow("analyzed", "custkey").getField(2)).isNull();

        assertUpdate("ANALYZE analyzed WITH (columns = ARRAY['custkey'])");
        assertDistinctValuesNearActual("analyzed", "custkey");
        assertThat(statisticsRow("analyzed", "orderkey").getField(2)).isNull();

        // analysing the other columns keeps custkey's statistics
        assertUpdate("ANALYZE analyzed WITH (columns = ARRAY['orderkey', 'comment'])");
        assertDistinctValuesNearActual("analyzed", "custkey");
        assertDistinctValuesNearActual("analyzed", "orderkey");
        assertDistinctValuesNearActual("analyzed", "comment");
        assertDataSizeNearActual("analyzed", "comment");

        assertQueryFails("ANALYZE analyzed WITH (columns = ARRAY['no_such_column'])", ".*column 'no_such_column' does not exist.*");
        assertQueryFails("ANALYZE analyzed WITH (columns = ARRAY[])", ".*'columns' is empty.*");
    }

    @Test
    void testIncrementalAnalyzeReadsOnlyAppendedFiles()
    {
        assertUpdate("CREATE TABLE incremental AS SELECT orderkey, comment FROM tpch.tiny.orders WHERE orderkey < 20000", "SELECT count(*) FROM orders WHERE orderkey < 20000");
        // appends without statistics, as another engine's would be
        Session withoutStatistics = Session.builder(getSession()).setCatalogSessionProperty("lakehouse", "collect_column_statistics_on_write", "false").build();
        assertUpdate(withoutStatistics, "INSERT INTO incremental SELECT orderkey, comment FROM tpch.tiny.orders WHERE orderkey BETWEEN 20000 AND 39999", "SELECT count(*) FROM orders WHERE orderkey BETWEEN 20000 AND 39999");
        assertUpdate(withoutStatistics, "INSERT INTO incremental SELECT orderkey, comment FROM tpch.tiny.orders WHERE orderkey >= 40000", "SELECT count(*) FROM orders WHERE orderkey >= 40000");
        assertThat(warehouse.resolve("tpch/incremental/_delta_log/_lakehouse/column-statistics-00000000000000000002.json")).doesNotExist();
        assertThat(statisticsRow("incremental", "orderkey").getField(2)).isNull();

        assertThat(dataFilesOpenedBy("ANALYZE incremental WITH (incremental = true)", "incremental")).isEqualTo(2);
        assertDistinctValuesNearActual("incremental", "orderkey");
        assertDistinctValuesNearActual("incremental", "comment");
        assertDataSizeNearActual("incremental", "comment");
        // up to date: nothing to read
        assertThat(dataFilesOpenedBy("ANALYZE incremental WITH (incremental = true)", "incremental")).isZero();

        // a rewrite removed files since the last analysed version: incremental falls back to reading everything (adding
        // the rewritten file to the old summaries would count its rows twice in the data size)
        assertUpdate(withoutStatistics, "INSERT INTO incremental SELECT orderkey, comment FROM tpch.tiny.orders WHERE orderkey < 100", "SELECT count(*) FROM orders WHERE orderkey < 100");
        assertUpdate(withoutStatistics, "ALTER TABLE incremental EXECUTE optimize");
        assertThat(dataFilesOpenedBy("ANALYZE incremental WITH (incremental = true)", "incremental")).isEqualTo(1);
        assertDistinctValuesNearActual("incremental", "orderkey");
        assertDataSizeNearActual("incremental", "comment");

        // incremental is the default: with up-to-date statistics nothing is read unless a recomputation is asked for
        assertThat(dataFilesOpenedBy("ANALYZE incremental", "incremental")).isZero();
        assertThat(dataFilesOpenedBy("ANALYZE incremental WITH (incremental = false)", "incremental")).isEqualTo(1);
        assertDistinctValuesNearActual("incremental", "orderkey");
    }

    private void assertDataSizeNearActual(String table, String column)
    {
        long actualSize = (long) computeScalar("SELECT sum(length(%s)) FROM %s".formatted(column, table));
        assertThat((double) statisticsRow(table, column).getField(1)).as("data size of %s.%s", table, column).isCloseTo(actualSize, within(actualSize * 0.1));
    }

    private long dataFilesOpenedBy(String sql, String table)
    {
        return fileSystemFactory.dataFilesOpenedBy(getQueryRunner(), getSession(), sql, table);
    }

    private void assertDistinctValuesNearActual(String table, String column)
    {
        long actual = (long) computeScalar("SELECT count(DISTINCT %s) FROM %s".formatted(column, table));
        Object estimate = statisticsRow(table, column).getField(2);
        assertThat(estimate).as("distinct values of %s.%s", table, column).isNotNull();
        // HyperLogLog's standard error is about 2%: allow a few of them
        assertThat((double) estimate).as("distinct values of %s.%s", table, column).isCloseTo(actual, within(Math.max(1, actual * 0.06)));
    }

    private MaterializedRow statisticsRow(String table, String column)
    {
        MaterializedResult statistics = computeActual("SHOW STATS FOR " + table);
        return statistics.getMaterializedRows().stream()
                .filter(row -> column == null ? row.getField(0) == null : column.equals(row.getField(0)))
                .findFirst()
                .orElseThrow();
    }
}
