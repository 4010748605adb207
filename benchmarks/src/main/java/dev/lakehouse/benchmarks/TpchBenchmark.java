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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.lakehouse.benchmarks.BenchmarkQueries.megabytes;
import static dev.lakehouse.benchmarks.BenchmarkQueries.ratio;
import static dev.lakehouse.benchmarks.BenchmarkQueries.run;
import static dev.lakehouse.benchmarks.BenchmarkQueries.runs;
import static dev.lakehouse.benchmarks.BenchmarkQueries.timed;
import static dev.lakehouse.benchmarks.BenchmarkQueries.waitForWorkers;

/**
 * Loads TPC-H into the lakehouse catalog and into Trino's Delta Lake connector in the same server, analyzes both,
 * then runs the same queries against both and prints their ratios (ours / theirs) with splits and bytes read: a set
 * of scans, selective filters and joins, and the 22 TPC-H queries (whose results are compared between the two).
 * <p>
 * Usage: {@code TpchBenchmark <server-uri> <tpch-schema> <runs> [output.md]}
 */
public final class TpchBenchmark
{
    private static final String OURS = "lakehouse";
    private static final String THEIRS = "delta";
    private static final String SCHEMA = "bench";
    private static final int LOAD_ROUNDS = 3;
    private static final List<String> TABLES = ImmutableList.of("lineitem", "orders", "customer", "part", "partsupp", "supplier", "nation", "region");

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
            report.add(("TPC-H `%s`, one warm-up pass, then %s timed rounds per query, each running every query once on both connectors (which one goes first alternates), "
                    + "one Trino 476 server with both connectors. Times are medians; \"95%% interval\" holds the median of the per-round ratios with 95%% confidence "
                    + "(order statistics): a query is slower beyond noise only if all of it is above 1.00. CPU is the median total CPU time of the query's tasks.").formatted(tpchSchema, runs));
            report.add("");
            report.add(load(connection, tpchSchema));
            report.add("");
            report.add(analyze(connection));
            report.add("");
            report.add("| query | ours ms | theirs ms | time ratio | 95% interval | CPU ratio | ours splits | theirs splits | ours MB read | theirs MB read |");
            report.add("| --- | ---: | ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: |");
            // a first pass warms up the engine's code paths for every query shape on both sides
            for (BenchmarkQuery query : QUERIES) {
                run(connection, server, query.sql().formatted(OURS + "." + SCHEMA));
                run(connection, server, query.sql().formatted(THEIRS + "." + SCHEMA));
            }
            List<PairedRuns> measured = pairedRuns(connection, server, QUERIES.stream().map(BenchmarkQuery::sql).toList(), runs);
            for (int index = 0; index < QUERIES.size(); index++) {
                BenchmarkQuery query = QUERIES.get(index);
                PairedRuns pair = measured.get(index);
                QueryStatistics ours = pair.oursMedian();
                QueryStatistics theirs = pair.theirsMedian();
                report.add("| %s | %d | %d | %.2f | %s | %.2f | %d | %d | %.1f | %.1f |".formatted(
                        query.name(), ours.wallMillis(), theirs.wallMillis(), pair.wallRatio(), interval(pair), pair.cpuRatio(),
                        ours.scanSplits(), theirs.scanSplits(), megabytes(ours.physicalInputBytes()), megabytes(theirs.physicalInputBytes())));
            }
            report.add("");
            report.addAll(tpchQueries(connection, server, runs));
            String text = String.join("\n", report) + "\n";
            System.out.print(text);
            if (args.length > 3) {
                Files.writeString(Path.of(args[3]), text);
            }
        }
    }

    /**
     * TPC-H 1-22 on both sides: a warm-up pass that also checks both return the same rows, then the timed runs.
     */
    private static List<String> tpchQueries(Connection connection, URI server, int runs)
            throws Exception
    {
        List<String> report = new ArrayList<>();
        report.add("TPC-H queries 1-22 after ANALYZE on both sides (median of %s runs):".formatted(runs));
        report.add("");
        report.add("| query | ours ms | theirs ms | time ratio | 95% interval | ours CPU ms | theirs CPU ms | CPU ratio | ours MB read | theirs MB read | same rows |");
        report.add("| --- | ---: | ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: | --- |");
        Map<Integer, Boolean> sameRows = new HashMap<>();
        for (TpchQueries.TpchQuery query : TpchQueries.QUERIES) {
            sameRows.put(query.number(), QueryResults.of(connection, query.sql().formatted(OURS + "." + SCHEMA))
                    .matches(QueryResults.of(connection, query.sql().formatted(THEIRS + "." + SCHEMA))));
        }
        long oursTotal = 0;
        long theirsTotal = 0;
        long oursCpuTotal = 0;
        long theirsCpuTotal = 0;
        int slowerByTenPercent = 0;
        int clearlySlower = 0;
        List<PairedRuns> measured = pairedRuns(connection, server, TpchQueries.QUERIES.stream().map(TpchQueries.TpchQuery::sql).toList(), runs);
        for (int index = 0; index < TpchQueries.QUERIES.size(); index++) {
            TpchQueries.TpchQuery query = TpchQueries.QUERIES.get(index);
            PairedRuns pair = measured.get(index);
            QueryStatistics ours = pair.oursMedian();
            QueryStatistics theirs = pair.theirsMedian();
            oursTotal += ours.wallMillis();
            theirsTotal += theirs.wallMillis();
            oursCpuTotal += pair.oursCpuMillis();
            theirsCpuTotal += pair.theirsCpuMillis();
            if (pair.wallRatio() > 1.1) {
                slowerByTenPercent++;
            }
            if (pair.clearlySlower()) {
                clearlySlower++;
            }
            report.add("| %s | %d | %d | %.2f | %s | %d | %d | %.2f | %.1f | %.1f | %s |".formatted(
                    query.name(), ours.wallMillis(), theirs.wallMillis(), pair.wallRatio(), interval(pair),
                    pair.oursCpuMillis(), pair.theirsCpuMillis(), pair.cpuRatio(),
                    megabytes(ours.physicalInputBytes()), megabytes(theirs.physicalInputBytes()), sameRows.get(query.number()) ? "yes" : "NO"));
        }
        report.add("| total | %d | %d | %.2f | | %d | %d | %.2f | | | |".formatted(oursTotal, theirsTotal, ratio(oursTotal, theirsTotal), oursCpuTotal, theirsCpuTotal, ratio(oursCpuTotal, theirsCpuTotal)));
        report.add("");
        report.add("Queries slower than Trino's Delta Lake connector beyond noise (95%% interval above 1.00): %d of %d. Median more than 10%% slower: %d of %d."
                .formatted(clearlySlower, TpchQueries.QUERIES.size(), slowerByTenPercent, TpchQueries.QUERIES.size()));
        return report;
    }

    /**
     * Runs every query on both connectors in each round, rather than all the runs of one query in a row: a slow spell of
     * the machine (garbage collection, compilation, the other process on its two cores) then spreads over all the
     * queries instead of skewing the runs of one of them.
     */
    private static List<PairedRuns> pairedRuns(Connection connection, URI server, List<String> queries, int runs)
            throws Exception
    {
        List<List<QueryStatistics>> ours = new ArrayList<>();
        List<List<QueryStatistics>> theirs = new ArrayList<>();
        queries.forEach(_ -> {
            ours.add(new ArrayList<>());
            theirs.add(new ArrayList<>());
        });
        for (int round = 0; round < runs; round++) {
            for (int query = 0; query < queries.size(); query++) {
                List<List<QueryStatistics>> pair = runs(connection, server, List.of(queries.get(query).formatted(OURS + "." + SCHEMA), queries.get(query).formatted(THEIRS + "." + SCHEMA)), 1, round);
                ours.get(query).add(pair.get(0).getFirst());
                theirs.get(query).add(pair.get(1).getFirst());
            }
        }
        List<PairedRuns> result = new ArrayList<>();
        for (int query = 0; query < queries.size(); query++) {
            result.add(new PairedRuns(ours.get(query), theirs.get(query)));
        }
        return result;
    }

    private static String interval(PairedRuns pair)
    {
        PairedRuns.Interval interval = pair.wallRatioInterval();
        return "%.2f-%.2f".formatted(interval.low(), interval.high());
    }

    private static String analyze(Connection connection)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            long oursTotal = 0;
            long theirsTotal = 0;
            for (String table : TABLES) {
                oursTotal += timed(statement, "ANALYZE %s.%s.%s".formatted(OURS, SCHEMA, table));
                theirsTotal += timed(statement, "ANALYZE %s.%s.%s".formatted(THEIRS, SCHEMA, table));
            }
            return "ANALYZE of every table: ours %d ms, theirs %d ms, ratio %.2f".formatted(oursTotal, theirsTotal, ratio(oursTotal, theirsTotal));
        }
    }

    private static String load(Connection connection, String tpchSchema)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS %s.%s".formatted(OURS, SCHEMA));
            statement.execute("CREATE SCHEMA IF NOT EXISTS %s.%s".formatted(THEIRS, SCHEMA));
            // an untimed round on the same data first: whichever side loads a table first otherwise pays alone for
            // compiling the code both share (the tpch generator, the Parquet writer)
            loadRound(statement, tpchSchema, List.of(OURS, THEIRS));
            List<Long> ours = new ArrayList<>();
            List<Long> theirs = new ArrayList<>();
            List<String> roundRatios = new ArrayList<>();
            for (int round = 0; round < LOAD_ROUNDS; round++) {
                Map<String, Long> millis = loadRound(statement, tpchSchema, round % 2 == 0 ? List.of(OURS, THEIRS) : List.of(THEIRS, OURS));
                ours.add(millis.get(OURS));
                theirs.add(millis.get(THEIRS));
                roundRatios.add("%.2f".formatted(ratio(millis.get(OURS), millis.get(THEIRS))));
            }
            long oursMedian = ours.stream().sorted().toList().get(LOAD_ROUNDS / 2);
            long theirsMedian = theirs.stream().sorted().toList().get(LOAD_ROUNDS / 2);
            return ("Load (CREATE TABLE AS of %s; an untimed round, then %d timed rounds in which the connectors take turns going first on each table): "
                    + "median round ours %d ms, theirs %d ms, ratio %.2f (rounds: %s)")
                    .formatted(TABLES, LOAD_ROUNDS, oursMedian, theirsMedian, ratio(oursMedian, theirsMedian), String.join(", ", roundRatios));
        }
    }

    /**
     * Loads every table into both catalogs, table by table, {@code order} telling which catalog goes first; returns the
     * milliseconds each catalog took in total.
     */
    private static Map<String, Long> loadRound(Statement statement, String tpchSchema, List<String> order)
            throws SQLException
    {
        Map<String, Long> millis = new HashMap<>();
        for (String table : TABLES) {
            for (String catalog : order) {
                statement.execute("DROP TABLE IF EXISTS %s.%s.%s".formatted(catalog, SCHEMA, table));
                millis.merge(catalog, timed(statement, "CREATE TABLE %s.%s.%s AS SELECT * FROM tpch.%s.%s".formatted(catalog, SCHEMA, table, tpchSchema, table)), Long::sum);
            }
        }
        return millis;
    }
}
