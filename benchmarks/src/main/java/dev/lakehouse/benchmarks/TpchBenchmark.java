package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableList;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.lakehouse.benchmarks.BenchmarkQueries.measure;
import static dev.lakehouse.benchmarks.BenchmarkQueries.megabytes;
import static dev.lakehouse.benchmarks.BenchmarkQueries.ratio;
import static dev.lakehouse.benchmarks.BenchmarkQueries.run;
import static dev.lakehouse.benchmarks.BenchmarkQueries.timed;
import static dev.lakehouse.benchmarks.BenchmarkQueries.waitForWorkers;

/**
 * Loads TPC-H into the lakehouse catalog and into Trino's Delta Lake connector in the same server, then runs the
 * same queries against both and prints their ratios (ours / theirs) with splits and bytes read.
 * <p>
 * Usage: {@code TpchBenchmark <server-uri> <tpch-schema> <runs> [output.md]}
 */
public final class TpchBenchmark
{
    private static final String OURS = "lakehouse";
    private static final String THEIRS = "delta";
    private static final String SCHEMA = "bench";
    private static final List<String> TABLES = ImmutableList.of("lineitem", "orders", "customer", "part", "supplier", "nation", "region");

    private record BenchmarkQuery(String name, String sql) {}

    private static final List<BenchmarkQuery> QUERIES = ImmutableList.of(
            new BenchmarkQuery("full scan: sum over lineitem", "SELECT sum(extendedprice * (1 - discount)) FROM %s.lineitem"),
            new BenchmarkQuery("full scan: TPC-H Q1", """
                    SELECT returnflag, linestatus, sum(quantity), sum(extendedprice), avg(discount), count(*)
                    FROM %s.lineitem WHERE shipdate <= DATE '1998-09-02' GROUP BY returnflag, linestatus ORDER BY returnflag, linestatus"""),
            new BenchmarkQuery("count(*) of orders", "SELECT count(*) FROM %s.orders"),
            new BenchmarkQuery("selective: orderkey range on lineitem (sorted)", "SELECT sum(quantity) FROM %s.lineitem WHERE orderkey BETWEEN 1000000 AND 1020000"),
            new BenchmarkQuery("selective: point lookup on orders (sorted)", "SELECT * FROM %s.orders WHERE orderkey = 3000000"),
            new BenchmarkQuery("selective: one day of shipdate (unsorted)", "SELECT count(*) FROM %s.lineitem WHERE shipdate = DATE '1995-06-17'"),
            new BenchmarkQuery("join: lineitem x orders of one day (dynamic filter)", """
                    SELECT count(*), sum(l.extendedprice) FROM %1$s.lineitem l JOIN %1$s.orders o ON l.orderkey = o.orderkey
                    WHERE o.orderdate = DATE '1995-03-15'"""),
            new BenchmarkQuery("join with tpch catalog: customers per nation", """
                    SELECT n.name, count(*) FROM %s.customer c JOIN tpch.sf1.nation n ON c.nationkey = n.nationkey GROUP BY n.name ORDER BY n.name"""),
            new BenchmarkQuery("TPC-H Q3 shape", """
                    SELECT l.orderkey, sum(l.extendedprice * (1 - l.discount)) AS revenue, o.orderdate, o.shippriority
                    FROM %1$s.customer c JOIN %1$s.orders o ON c.custkey = o.custkey JOIN %1$s.lineitem l ON l.orderkey = o.orderkey
                    WHERE c.mktsegment = 'BUILDING' AND o.orderdate < DATE '1995-03-15' AND l.shipdate > DATE '1995-03-15'
                    GROUP BY l.orderkey, o.orderdate, o.shippriority ORDER BY revenue DESC LIMIT 10"""));

    private TpchBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        URI server = URI.create(args[0]);
        String tpchSchema = args[1];
        int runs = Integer.parseInt(args[2]);
        try (Connection connection = DriverManager.getConnection("jdbc:trino://" + server.getHost() + ":" + server.getPort() + "?user=benchmark")) {
            waitForWorkers(connection);
            List<String> report = new ArrayList<>();
            report.add("TPC-H `%s`, one warm-up pass, then %s timed runs per query alternating between the connectors (median), one Trino 476 server with both connectors.".formatted(tpchSchema, runs));
            report.add("");
            report.add(load(connection, tpchSchema));
            report.add("");
            report.add("| query | ours ms | theirs ms | time ratio | ours splits | theirs splits | ours MB read | theirs MB read |");
            report.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            // a first pass warms up the engine's code paths for every query shape on both sides
            for (BenchmarkQuery query : QUERIES) {
                run(connection, server, query.sql().formatted(OURS + "." + SCHEMA));
                run(connection, server, query.sql().formatted(THEIRS + "." + SCHEMA));
            }
            for (BenchmarkQuery query : QUERIES) {
                List<QueryStatistics> pair = measure(connection, server, List.of(query.sql().formatted(OURS + "." + SCHEMA), query.sql().formatted(THEIRS + "." + SCHEMA)), runs);
                QueryStatistics ours = pair.get(0);
                QueryStatistics theirs = pair.get(1);
                report.add("| %s | %d | %d | %.2f | %d | %d | %.1f | %.1f |".formatted(
                        query.name(), ours.wallMillis(), theirs.wallMillis(), ratio(ours.wallMillis(), theirs.wallMillis()),
                        ours.scanSplits(), theirs.scanSplits(), megabytes(ours.physicalInputBytes()), megabytes(theirs.physicalInputBytes())));
            }
            String text = String.join("\n", report) + "\n";
            System.out.print(text);
            if (args.length > 3) {
                Files.writeString(Path.of(args[3]), text);
            }
        }
    }

    private static String load(Connection connection, String tpchSchema)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS %s.%s".formatted(OURS, SCHEMA));
            statement.execute("CREATE SCHEMA IF NOT EXISTS %s.%s".formatted(THEIRS, SCHEMA));
            // warm up both write paths on small data, so that neither side pays for the engine's JIT alone
            for (String catalog : List.of(OURS, THEIRS)) {
                for (String table : List.of("lineitem", "orders")) {
                    statement.execute("CREATE TABLE %s.%s.warmup_%s AS SELECT * FROM tpch.tiny.%s".formatted(catalog, SCHEMA, table, table));
                    statement.execute("DROP TABLE %s.%s.warmup_%s".formatted(catalog, SCHEMA, table));
                }
            }
            long oursTotal = 0;
            long theirsTotal = 0;
            for (String table : TABLES) {
                for (String catalog : List.of(OURS, THEIRS)) {
                    statement.execute("DROP TABLE IF EXISTS %s.%s.%s".formatted(catalog, SCHEMA, table));
                }
                oursTotal += timed(statement, "CREATE TABLE %s.%s.%s AS SELECT * FROM tpch.%s.%s".formatted(OURS, SCHEMA, table, tpchSchema, table));
                theirsTotal += timed(statement, "CREATE TABLE %s.%s.%s AS SELECT * FROM tpch.%s.%s".formatted(THEIRS, SCHEMA, table, tpchSchema, table));
            }
            return "Load (CREATE TABLE AS of %s): ours %d ms, theirs %d ms, ratio %.2f".formatted(TABLES, oursTotal, theirsTotal, ratio(oursTotal, theirsTotal));
        }
    }
}
