package dev.lakehouse.trino;

import dev.lakehouse.trino.read.LakehousePageSource;
import io.trino.Session;
import io.trino.operator.OperatorStats;
import io.trino.plugin.base.metrics.LongCount;
import io.trino.spi.QueryId;
import io.trino.spi.metrics.Metric;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small data files share splits ({@link SmallFilesSplit}): a table of many small files is scanned in a few splits,
 * every file is still read exactly once, and every value a split of one file gives (partition values, file columns,
 * deleted rows, row ids of UPDATE, DELETE and MERGE) comes out the same as with one split per file.
 */
final class TestLakehouseSmallFileSplits
        extends AbstractTestQueryFramework
{
    // 20 INSERTs of two partitions each, on one node with one writer
    private static final int FILES = 40;
    private static final Set<String> SCAN_OPERATORS = Set.of("TableScanOperator", "ScanFilterAndProjectOperator");

    private final CountingFileSystemFactory fileSystemFactory = new CountingFileSystemFactory();

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return LakehouseQueryRunner.builder()
                .setWarehouse(Files.createTempDirectory("lakehouse-small-file-splits"))
                .setWorkerCount(0)
                .setFileSystemModule(binder -> binder.bind(io.trino.filesystem.TrinoFileSystemFactory.class).toInstance(fileSystemFactory))
                .build();
    }

    @BeforeAll
    void createSmallFiles()
    {
        assertUpdate("CREATE TABLE small (orderkey bigint, comment varchar, parity varchar) WITH (partitioned_by = ARRAY['parity'])");
        for (int i = 0; i < FILES / 2; i++) {
            assertUpdate("INSERT INTO small SELECT orderkey, comment, IF(custkey %% 2 = 0, 'even', 'odd') FROM tpch.tiny.orders WHERE orderkey %% %s = %s".formatted(FILES / 2, i), "SELECT count(*) FROM orders WHERE orderkey %% %s = %s".formatted(FILES / 2, i));
        }
        assertThat(computeActual("SELECT count(DISTINCT \"$path\") FROM small").getOnlyValue()).isEqualTo((long) FILES);
    }

    @Test
    void testSmallFilesAreReadInFewSplits()
    {
        String query = "SELECT parity, count(*), sum(orderkey), max(comment) FROM small GROUP BY parity";
        String expected = "SELECT CASE WHEN custkey % 2 = 0 THEN 'even' ELSE 'odd' END, count(*), sum(orderkey), max(comment) FROM orders GROUP BY CASE WHEN custkey % 2 = 0 THEN 'even' ELSE 'odd' END";

        Scan combined = scan(getSession(), query);
        // 40 files of a few kB, each counted as 4 MB: 160 MB over 4 splits, 10 files each (the 64 MB split size would
        // allow 16)
        assertThat(combined.splits()).isEqualTo(4);
        assertThat(combined.filesRead()).isEqualTo(FILES);
        assertThat(fileSystemFactory.openedDataFiles().elementSet()).hasSize(FILES);
        assertThat(fileSystemFactory.openedDataFiles().entrySet()).allMatch(entry -> entry.getCount() == 1);
        assertQuery(query, expected);

        Scan separate = scan(withoutCombining(), query);
        assertThat(separate.splits()).isEqualTo(FILES);
        assertThat(separate.filesRead()).isEqualTo(FILES);
        assertQuery(withoutCombining(), query, expected);

        // files that are not smaller than the split size are never combined
        Session tinySplits = Session.builder(getSession())
                .setCatalogSessionProperty(LakehouseQueryRunner.CATALOG, "max_split_size", "1kB")
                .build();
        assertThat(scan(tinySplits, query).splits()).isGreaterThan(FILES);
        assertQuery(tinySplits, query, expected);
    }

    @Test
    void testFileColumnsAndPruningInCombinedSplits()
    {
        String perFile = "SELECT \"$path\", \"$file_size\", \"$partition\", parity, count(*), sum(orderkey) FROM small GROUP BY 1, 2, 3, 4";
        MaterializedResult combined = computeActual(perFile);
        assertThat(combined.getRowCount()).isEqualTo(FILES);
        assertThat(combined.getMaterializedRows()).containsExactlyInAnyOrderElementsOf(computeActual(withoutCombining(), perFile).getMaterializedRows());

        // partition pruning and statistics pruning happen before files are combined
        Scan evenOnly = scan(getSession(), "SELECT sum(orderkey) FROM small WHERE parity = 'even'");
        assertThat(evenOnly.filesRead()).isEqualTo(FILES / 2);
        assertThat(evenOnly.splits()).isEqualTo(4);

        // a few small files are read in parallel, one split each
        assertUpdate("CREATE TABLE few AS SELECT orderkey, comment FROM small WHERE orderkey % 3 = 0", "SELECT count(*) FROM orders WHERE orderkey % 3 = 0");
        assertUpdate("INSERT INTO few SELECT orderkey, comment FROM small WHERE orderkey % 3 = 1", "SELECT count(*) FROM orders WHERE orderkey % 3 = 1");
        assertUpdate("INSERT INTO few SELECT orderkey, comment FROM small WHERE orderkey % 3 = 2", "SELECT count(*) FROM orders WHERE orderkey % 3 = 2");
        Scan threeFiles = scan(getSession(), "SELECT sum(orderkey), max(comment) FROM few");
        assertThat(threeFiles.filesRead()).isEqualTo(3);
        assertThat(threeFiles.splits()).isEqualTo(3);
        assertQuery("SELECT sum(orderkey) FROM small WHERE parity = 'even' AND orderkey > 30000", "SELECT sum(orderkey) FROM orders WHERE custkey % 2 = 0 AND orderkey > 30000");
    }

    @Test
    void testFilesOfSeveralSchemasShareSplits()
    {
        // five files without the column "total", then five with it
        assertUpdate("CREATE TABLE evolving (orderkey bigint, comment varchar)");
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                assertUpdate("ALTER TABLE evolving ADD COLUMN total double");
            }
            String columns = i < 5 ? "orderkey, comment" : "orderkey, comment, totalprice";
            assertUpdate("INSERT INTO evolving SELECT %s FROM tpch.tiny.orders WHERE orderkey %% 10 = %s".formatted(columns, i), "SELECT count(*) FROM orders WHERE orderkey %% 10 = %s".formatted(i));
        }
        Scan scan = scan(getSession(), "SELECT * FROM evolving");
        // 5 splits of 2 files in the order of the log: the third reads one file of each schema
        assertThat(scan.splits()).isEqualTo(5);
        assertThat(scan.filesRead()).isEqualTo(10);
        assertQuery("SELECT * FROM evolving", "SELECT orderkey, comment, CASE WHEN orderkey % 10 >= 5 THEN totalprice END FROM orders");

        // reading plans are shared across files and queries: each query's columns and predicate must still be its own
        for (long minimum : List.of(1_000L, 150_000L, 400_000L)) {
            assertQuery("SELECT orderkey, total FROM evolving WHERE total > " + minimum,
                    "SELECT orderkey, totalprice FROM orders WHERE orderkey % 10 >= 5 AND totalprice > " + minimum);
            assertQuery("SELECT count(*), sum(orderkey) FROM evolving WHERE total IS NULL OR total <= " + minimum,
                    "SELECT count(*), sum(orderkey) FROM orders WHERE orderkey % 10 < 5 OR totalprice <= " + minimum);
            assertQuery("SELECT comment FROM evolving WHERE orderkey < " + minimum / 100,
                    "SELECT comment FROM orders WHERE orderkey < " + minimum / 100);
        }
    }

    @Test
    void testRowLevelChangesThroughCombinedSplits()
    {
        assertUpdate("CREATE TABLE changed WITH (partitioned_by = ARRAY['parity'], deletion_vectors_enabled = true) AS SELECT * FROM small WITH NO DATA", 0);
        assertUpdate("CREATE TABLE changed_cow WITH (partitioned_by = ARRAY['parity']) AS SELECT * FROM small WITH NO DATA", 0);
        for (String table : List.of("changed", "changed_cow")) {
            for (int i = 0; i < FILES / 2; i++) {
                getQueryRunner().execute("INSERT INTO %s SELECT * FROM small WHERE orderkey %% %s = %s".formatted(table, FILES / 2, i));
            }
            // each statement reads the table's 40 small files through combined splits, and the row ids of each file
            // must name that file and its own row positions
            assertUpdate("DELETE FROM %s WHERE orderkey %% 7 = 0".formatted(table), "SELECT count(*) FROM orders WHERE orderkey % 7 = 0");
            assertUpdate("UPDATE %s SET comment = 'updated' WHERE orderkey %% 5 = 0".formatted(table), "SELECT count(*) FROM orders WHERE orderkey % 5 = 0 AND orderkey % 7 <> 0");
            assertUpdate("MERGE INTO %s t USING (SELECT orderkey FROM tpch.tiny.orders WHERE orderkey %% 11 = 0) s ON t.orderkey = s.orderkey ".formatted(table) +
                            "WHEN MATCHED THEN UPDATE SET comment = 'merged'",
                    "SELECT count(*) FROM orders WHERE orderkey % 11 = 0 AND orderkey % 7 <> 0");
            String expected = "SELECT orderkey, CASE WHEN orderkey % 11 = 0 THEN 'merged' WHEN orderkey % 5 = 0 THEN 'updated' ELSE comment END, CASE WHEN custkey % 2 = 0 THEN 'even' ELSE 'odd' END " +
                    "FROM orders WHERE orderkey % 7 <> 0";
            assertQuery("SELECT * FROM " + table, expected);
            assertQuery(withoutCombining(), "SELECT * FROM " + table, expected);
        }
    }

    private Session withoutCombining()
    {
        return Session.builder(getSession())
                .setCatalogSessionProperty(LakehouseQueryRunner.CATALOG, "combine_small_files", "false")
                .build();
    }

    /**
     * The splits of the query's table scans, and the data files they opened (the connector's {@code filesRead} metric).
     */
    private Scan scan(Session session, String sql)
    {
        fileSystemFactory.reset();
        QueryId queryId = getQueryRunner().executeWithPlan(session, sql).queryId();
        List<OperatorStats> scans = ((DistributedQueryRunner) getQueryRunner()).getCoordinator().getQueryManager().getFullQueryInfo(queryId).getQueryStats().getOperatorSummaries().stream()
                .filter(operator -> SCAN_OPERATORS.contains(operator.getOperatorType()))
                .toList();
        long splits = scans.stream().mapToLong(OperatorStats::getTotalDrivers).sum();
        long filesRead = scans.stream()
                .map(operator -> operator.getConnectorMetrics().getMetrics().get(LakehousePageSource.FILES_READ))
                .mapToLong(TestLakehouseSmallFileSplits::count)
                .sum();
        return new Scan(splits, filesRead);
    }

    private static long count(Metric<?> metric)
    {
        return metric == null ? 0 : ((LongCount) metric).getTotal();
    }

    private record Scan(long splits, long filesRead) {}
}
