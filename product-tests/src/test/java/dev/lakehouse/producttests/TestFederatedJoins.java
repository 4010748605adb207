package dev.lakehouse.producttests;

import com.google.common.collect.ImmutableMap;
import io.trino.jdbc.QueryStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Joins of lakehouse tables with tables of a real PostgreSQL server (catalog {@code postgresql}) and of Trino's memory
 * catalog in a real Trino 476 server: the cost-based optimizer orders them from our statistics and PostgreSQL's, dynamic filters collected from
 * the PostgreSQL side prune lakehouse files, and the results equal those of the same queries over tpch alone.
 */
@TestInstance(PER_CLASS)
final class TestFederatedJoins
{
    // one INSERT per range of customer keys: each range lands in its own file(s), with disjoint min/max ranges
    private static final int CUSTOMER_RANGES = 10;
    private static final int CUSTOMERS_PER_RANGE = 150;

    private PostgresServer postgres;
    private TrinoServer server;
    // the data files each INSERT into lakehouse.fed.orders_by_customer added, by range
    private final List<Long> filesPerRange = new ArrayList<>();

    @BeforeAll
    void startServers()
            throws Exception
    {
        postgres = new PostgresServer();
        server = new TrinoServer(ImmutableMap.of("postgresql", postgres.catalogProperties()));

        server.execute("CREATE TABLE postgresql.public.nation AS SELECT * FROM tpch.tiny.nation");
        server.execute("CREATE TABLE postgresql.public.customer AS SELECT * FROM tpch.tiny.customer");
        // PostgreSQL keeps the statistics Trino's connector reads (reltuples, pg_stats) only after ANALYZE
        server.execute("CALL postgresql.system.execute(query => 'ANALYZE public.nation')");
        server.execute("CALL postgresql.system.execute(query => 'ANALYZE public.customer')");

        server.execute("CREATE SCHEMA lakehouse.fed");
        server.execute("CREATE TABLE lakehouse.fed.orders AS SELECT * FROM tpch.tiny.orders");
        server.execute("CREATE TABLE lakehouse.fed.lineitem AS SELECT * FROM tpch.tiny.lineitem");

        server.execute("CREATE TABLE lakehouse.fed.orders_by_customer (orderkey bigint, custkey bigint, totalprice double)");
        for (int range = 0; range < CUSTOMER_RANGES; range++) {
            long before = dataFiles("orders_by_customer");
            server.execute("INSERT INTO lakehouse.fed.orders_by_customer SELECT orderkey, custkey, totalprice FROM tpch.tiny.orders WHERE custkey > %s AND custkey <= %s"
                    .formatted(range * CUSTOMERS_PER_RANGE, (range + 1) * CUSTOMERS_PER_RANGE));
            filesPerRange.add(dataFiles("orders_by_customer") - before);
        }
    }

    @AfterAll
    void stopServers()
    {
        try {
            if (server != null) {
                server.close();
            }
        }
        finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Test
    void testSmallPostgresqlTableIsTheBuildSideInBothWrittenOrders()
            throws SQLException
    {
        String ordersFirst = "SELECT c.mktsegment, count(*), sum(CAST(round(o.totalprice * 100) AS bigint)) FROM lakehouse.fed.orders o JOIN postgresql.public.customer c ON o.custkey = c.custkey GROUP BY c.mktsegment";
        String customerFirst = "SELECT c.mktsegment, count(*), sum(CAST(round(o.totalprice * 100) AS bigint)) FROM postgresql.public.customer c JOIN lakehouse.fed.orders o ON c.custkey = o.custkey GROUP BY c.mktsegment";
        String expected = "SELECT c.mktsegment, count(*), sum(CAST(round(o.totalprice * 100) AS bigint)) FROM tpch.tiny.orders o JOIN tpch.tiny.customer c ON o.custkey = c.custkey GROUP BY c.mktsegment";
        for (String query : List.of(ordersFirst, customerFirst)) {
            String plan = logicalPlan(query);
            assertThat(scanPosition(plan, LAKEHOUSE_ORDERS))
                    .as("15,000 lakehouse orders are the probe side and 1,500 PostgreSQL customers the build side in:\n%s", plan)
                    .isLessThan(scanPosition(plan, POSTGRESQL_CUSTOMER));
            assertSameRows(query, expected);
        }
    }

    @Test
    void testWrittenOrderStaysWithoutCostBasedJoins()
            throws SQLException
    {
        // control for the assertions above: when the optimizer may not reorder, the written order decides
        Map<String, String> withoutReordering = ImmutableMap.of("join_reordering_strategy", "'NONE'", "join_distribution_type", "'PARTITIONED'");
        String plan = execute(withoutReordering, "EXPLAIN (TYPE LOGICAL) SELECT count(*) FROM postgresql.public.customer c JOIN lakehouse.fed.orders o ON c.custkey = o.custkey")
                .rows().getFirst().getFirst();
        assertThat(scanPosition(plan, POSTGRESQL_CUSTOMER)).as(plan).isLessThan(scanPosition(plan, LAKEHOUSE_ORDERS));
    }

    @Test
    void testThreeWayJoinProbesTheLargestTableAndBuildsTheSmallest()
            throws SQLException
    {
        String select = "SELECT c.mktsegment, count(*), sum(l.quantity), sum(CAST(round(l.extendedprice * 100) AS bigint)) ";
        String groupBy = " GROUP BY c.mktsegment";
        // written smallest first: PostgreSQL's 1,500 customers, 15,000 lakehouse orders, 60,175 lakehouse line items
        String query = select + "FROM postgresql.public.customer c JOIN lakehouse.fed.orders o ON c.custkey = o.custkey JOIN lakehouse.fed.lineitem l ON o.orderkey = l.orderkey" + groupBy;
        String plan = logicalPlan(query);
        // the probe input of a join prints before its build input: line items probe the top join, customers are built
        assertThat(plan).contains("InnerJoin[");
        int lineitem = scanPosition(plan, LAKEHOUSE_LINEITEM);
        int orders = scanPosition(plan, LAKEHOUSE_ORDERS);
        int customer = scanPosition(plan, POSTGRESQL_CUSTOMER);
        assertThat(lineitem).as("line items are the first probe side in:\n%s", plan).isLessThan(orders);
        assertThat(orders).as("PostgreSQL customers are built last in:\n%s", plan).isLessThan(customer);
        assertThat(plan.indexOf("InnerJoin[")).as("one join above all scans in:\n%s", plan).isLessThan(lineitem);

        assertSameRows(query, select + "FROM tpch.tiny.customer c JOIN tpch.tiny.orders o ON c.custkey = o.custkey JOIN tpch.tiny.lineitem l ON o.orderkey = l.orderkey" + groupBy);
        // the same plan shape when written in the best order
        String bestOrder = select + "FROM lakehouse.fed.lineitem l JOIN lakehouse.fed.orders o ON o.orderkey = l.orderkey JOIN postgresql.public.customer c ON c.custkey = o.custkey" + groupBy;
        String bestOrderPlan = logicalPlan(bestOrder);
        assertThat(scanPosition(bestOrderPlan, LAKEHOUSE_LINEITEM)).as(bestOrderPlan).isLessThan(scanPosition(bestOrderPlan, LAKEHOUSE_ORDERS));
        assertThat(scanPosition(bestOrderPlan, LAKEHOUSE_ORDERS)).as(bestOrderPlan).isLessThan(scanPosition(bestOrderPlan, POSTGRESQL_CUSTOMER));
        assertSameRows(bestOrder, query);
    }

    @Test
    void testDynamicFilterFromPostgresqlPrunesLakehouseFiles()
            throws SQLException, IOException
    {
        long files = dataFiles("orders_by_customer");
        assertThat(filesPerRange).hasSize(CUSTOMER_RANGES).allSatisfy(count -> assertThat(count).isPositive());
        assertThat(files).isEqualTo(filesPerRange.stream().mapToLong(Long::longValue).sum());

        // the filter on the customer's name selects keys 1 and 2 (all in the first range); the optimizer cannot move it
        // to the lakehouse side, only the dynamic filter collected from PostgreSQL's rows can
        String join = "SELECT o.orderkey, o.custkey, o.totalprice, c.name FROM lakehouse.fed.orders_by_customer o JOIN postgresql.public.customer c ON o.custkey = c.custkey " +
                "WHERE c.name IN ('Customer#000000001', 'Customer#000000002')";
        Map<String, String> dynamicFiltering = ImmutableMap.<String, String>builder()
                .put("lakehouse.dynamic_filtering_wait_timeout", "'10s'")
                .putAll(TrinoServer.ONE_SPLIT_PER_FILE)
                .buildOrThrow();
        Execution pruned = execute(dynamicFiltering, join);
        Execution unpruned = execute(ImmutableMap.<String, String>builder().putAll(dynamicFiltering).put("enable_dynamic_filtering", "false").buildOrThrow(), join);

        assertThat(pruned.rows()).isEqualTo(unpruned.rows());
        assertThat(pruned.rows()).isEqualTo(sorted(server.query("SELECT o.orderkey, o.custkey, o.totalprice, c.name FROM tpch.tiny.orders o JOIN tpch.tiny.customer c ON o.custkey = c.custkey " +
                "WHERE c.name IN ('Customer#000000001', 'Customer#000000002')")));
        assertThat(pruned.rows()).isNotEmpty();

        long rowsOfFirstRange = Long.parseLong(server.query("SELECT count(*) FROM tpch.tiny.orders WHERE custkey <= " + CUSTOMERS_PER_RANGE).getFirst().getFirst());
        // both runs read the same from PostgreSQL, so the differences are what the lakehouse scan did not read: without
        // dynamic filtering every file is a split and all 15,000 rows are read, with it only the first range's files
        assertThat(unpruned.stats().getProcessedRows() - pruned.stats().getProcessedRows())
                .as("rows not read (%s rows with, %s without dynamic filtering)", pruned.stats().getProcessedRows(), unpruned.stats().getProcessedRows())
                .isEqualTo(15_000 - rowsOfFirstRange);
        assertThat(unpruned.stats().getTotalSplits() - pruned.stats().getTotalSplits())
                .as("splits not created for the %s files of the other ranges (%s splits with, %s without dynamic filtering)", files - filesPerRange.getFirst(),
                        pruned.stats().getTotalSplits(), unpruned.stats().getTotalSplits())
                .isEqualTo(files - filesPerRange.getFirst());
        assertThat(pruned.stats().getPhysicalInputBytes()).isLessThan(unpruned.stats().getPhysicalInputBytes() / 2);
    }

    @Test
    void testMemoryCatalogTableIsTheBuildSideAndItsDynamicFilterPrunesFiles()
            throws SQLException
    {
        // customers 1 and 2 (all in the first range) in Trino's memory catalog, which reports its row count
        server.execute("CREATE TABLE IF NOT EXISTS memory.default.chosen_customers AS SELECT custkey, name FROM tpch.tiny.customer WHERE custkey IN (1, 2)");
        String join = "SELECT o.orderkey, o.custkey, o.totalprice, c.name FROM lakehouse.fed.orders_by_customer o JOIN memory.default.chosen_customers c ON o.custkey = c.custkey";
        String plan = logicalPlan(join);
        assertThat(scanPosition(plan, LAKEHOUSE_ORDERS_BY_CUSTOMER))
                .as("15,000 lakehouse orders are the probe side and 2 memory rows the build side in:\n%s", plan)
                .isLessThan(scanPosition(plan, MEMORY_TABLE));

        Map<String, String> dynamicFiltering = ImmutableMap.<String, String>builder()
                .put("lakehouse.dynamic_filtering_wait_timeout", "'10s'")
                .putAll(TrinoServer.ONE_SPLIT_PER_FILE)
                .buildOrThrow();
        Execution pruned = execute(dynamicFiltering, join);
        Execution unpruned = execute(ImmutableMap.<String, String>builder().putAll(dynamicFiltering).put("enable_dynamic_filtering", "false").buildOrThrow(), join);
        assertThat(pruned.rows()).isNotEmpty().isEqualTo(unpruned.rows());
        assertThat(pruned.rows()).isEqualTo(sorted(server.query("SELECT o.orderkey, o.custkey, o.totalprice, c.name FROM tpch.tiny.orders o JOIN tpch.tiny.customer c ON o.custkey = c.custkey WHERE c.custkey IN (1, 2)")));
        long otherRangesFiles = filesPerRange.stream().mapToLong(Long::longValue).sum() - filesPerRange.getFirst();
        assertThat(unpruned.stats().getTotalSplits() - pruned.stats().getTotalSplits())
                .as("splits not created for the %s files of the other ranges (%s splits with, %s without dynamic filtering)", otherRangesFiles,
                        pruned.stats().getTotalSplits(), unpruned.stats().getTotalSplits())
                .isEqualTo(otherRangesFiles);
    }

    @Test
    void testShowStatsReportsExactRowCounts()
            throws SQLException
    {
        assertThat(rowCount("lakehouse.fed.orders")).isEqualTo("15000.0");
        assertThat(rowCount("lakehouse.fed.lineitem")).isEqualTo("60175.0");
        assertThat(rowCount("lakehouse.fed.orders_by_customer")).isEqualTo("15000.0");
        // PostgreSQL's side of the estimates, after its ANALYZE
        assertThat(rowCount("postgresql.public.customer")).isEqualTo("1500.0");
        assertThat(rowCount("postgresql.public.nation")).isEqualTo("25.0");
    }

    private static final Pattern LAKEHOUSE_ORDERS = Pattern.compile("table = lakehouse:fed\\.orders\\b(?!_)");
    private static final Pattern LAKEHOUSE_LINEITEM = Pattern.compile("table = lakehouse:fed\\.lineitem\\b");
    private static final Pattern POSTGRESQL_CUSTOMER = Pattern.compile("table = postgresql:[^\\n]*\\bcustomer\\b");
    private static final Pattern LAKEHOUSE_ORDERS_BY_CUSTOMER = Pattern.compile("table = lakehouse:fed\\.orders_by_customer\\b");
    private static final Pattern MEMORY_TABLE = Pattern.compile("table = memory:");

    private String logicalPlan(String sql)
            throws SQLException
    {
        return server.query("EXPLAIN (TYPE LOGICAL) " + sql).getFirst().getFirst();
    }

    /**
     * Where the plan scans the table; in a logical plan a join's probe input is printed before its build input.
     */
    private static int scanPosition(String plan, Pattern table)
    {
        Matcher matcher = table.matcher(plan);
        assertThat(matcher.find()).as("a scan matching %s in:\n%s", table, plan).isTrue();
        int position = matcher.start();
        assertThat(matcher.find()).as("one scan matching %s in:\n%s", table, plan).isFalse();
        return position;
    }

    private String rowCount(String table)
            throws SQLException
    {
        // the summary row has no column name
        return server.query("SHOW STATS FOR " + table).stream()
                .filter(row -> row.getFirst() == null)
                .findFirst()
                .orElseThrow()
                .get(4);
    }

    private void assertSameRows(String actual, String expected)
            throws SQLException
    {
        List<List<String>> rows = sorted(server.query(actual));
        assertThat(rows).isNotEmpty().isEqualTo(sorted(server.query(expected)));
    }

    private Execution execute(Map<String, String> sessionProperties, String sql)
            throws SQLException
    {
        TrinoServer.QueryExecution execution = server.queryWithStatistics(sessionProperties, sql);
        return new Execution(sorted(execution.rows()), execution.stats());
    }

    private record Execution(List<List<String>> rows, QueryStats stats) {}

    private long dataFiles(String table)
            throws IOException
    {
        Path folder = server.lakehouseWarehouse().resolve("fed").resolve(table);
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".parquet"))
                    .filter(file -> !file.toString().contains("_delta_log"))
                    .count();
        }
    }

    private static List<List<String>> sorted(List<List<String>> rows)
    {
        return rows.stream()
                .sorted(Comparator.comparing(Object::toString))
                .toList();
    }
}
