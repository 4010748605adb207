package dev.lakehouse.benchmarks;

import io.trino.jdbc.TrinoResultSet;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Running queries against the benchmark server and measuring them: shared by the benchmarks.
 */
final class BenchmarkQueries
{
    private BenchmarkQueries() {}

    /**
     * A freshly started coordinator answers before it has registered itself as a worker, and before it can write.
     */
    static void waitForWorkers(Connection connection)
            throws InterruptedException, SQLException
    {
        waitForWorkers(connection, List.of("lakehouse", "delta"));
    }

    static void waitForWorkers(Connection connection, List<String> writtenCatalogs)
            throws InterruptedException, SQLException
    {
        for (int attempt = 0; ; attempt++) {
            try (Statement statement = connection.createStatement()) {
                // a write into a catalog needs the node to have announced that catalog, which a read of tpch does
                // not prove: write into each catalog the benchmark writes to
                for (String catalog : writtenCatalogs) {
                    statement.execute("CREATE SCHEMA IF NOT EXISTS %s.ready".formatted(catalog));
                    statement.execute("DROP TABLE IF EXISTS %s.ready.probe".formatted(catalog));
                    statement.execute("CREATE TABLE %s.ready.probe AS SELECT count(*) AS regions FROM tpch.tiny.region".formatted(catalog));
                    statement.execute("DROP TABLE %s.ready.probe".formatted(catalog));
                }
                return;
            }
            catch (SQLException e) {
                if (attempt == 120) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    static long timed(Statement statement, String sql)
            throws SQLException
    {
        long start = System.nanoTime();
        statement.execute(sql);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * The median run of each query, from {@link #runs}; read statistics come from the median run.
     */
    static List<QueryStatistics> measure(Connection connection, URI server, List<String> queries, int runs)
            throws SQLException, IOException, InterruptedException
    {
        List<QueryStatistics> medians = new ArrayList<>();
        for (List<QueryStatistics> runsOfQuery : runs(connection, server, queries, runs)) {
            List<QueryStatistics> sorted = new ArrayList<>(runsOfQuery);
            sorted.sort(Comparator.comparingLong(QueryStatistics::wallMillis));
            medians.add(sorted.get(sorted.size() / 2));
        }
        return medians;
    }

    /**
     * Every run of each query, in rounds in which each query runs once, so that all of them see the same machine
     * (JIT state, garbage collection, other load). The query that starts a round changes from round to round: none
     * always runs right after the same other one.
     */
    static List<List<QueryStatistics>> runs(Connection connection, URI server, List<String> queries, int runs)
            throws SQLException, IOException, InterruptedException
    {
        return runs(connection, server, queries, runs, 0);
    }

    /**
     * As {@link #runs(Connection, URI, List, int)}, numbering the rounds from {@code firstRound} (which decides who
     * goes first).
     */
    static List<List<QueryStatistics>> runs(Connection connection, URI server, List<String> queries, int runs, int firstRound)
            throws SQLException, IOException, InterruptedException
    {
        List<List<QueryStatistics>> results = new ArrayList<>();
        queries.forEach(_ -> results.add(new ArrayList<>()));
        for (int round = firstRound; round < firstRound + runs; round++) {
            for (int turn = 0; turn < queries.size(); turn++) {
                int query = (round + turn) % queries.size();
                results.get(query).add(run(connection, server, queries.get(query)));
            }
        }
        return results;
    }

    static QueryStatistics run(Connection connection, URI server, String sql)
            throws SQLException, IOException, InterruptedException
    {
        try (Statement statement = connection.createStatement()) {
            long start = System.nanoTime();
            String queryId;
            try (ResultSet resultSet = statement.executeQuery(sql)) {
                while (resultSet.next()) {
                    // drain the result: the query is not finished before its last row is read
                }
                queryId = resultSet.unwrap(TrinoResultSet.class).getQueryId();
            }
            long wallMillis = (System.nanoTime() - start) / 1_000_000;
            return QueryStatistics.fetch(server, queryId, wallMillis);
        }
    }

    static double ratio(long value, long base)
    {
        return base == 0 ? Double.NaN : (double) value / base;
    }

    static double megabytes(long bytes)
    {
        return bytes / 1024.0 / 1024.0;
    }

    static long median(List<Long> values)
    {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    /**
     * The one row of a query's result, its values joined by {@code |}.
     */
    static String single(Statement statement, String sql)
            throws SQLException
    {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            List<String> values = new ArrayList<>();
            for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                values.add(result.getString(column));
            }
            return String.join("|", values);
        }
    }

    /**
     * A line on standard error with the seconds since {@code start}: long benchmarks say what they do as they go.
     */
    static void progress(long start, String message)
    {
        System.err.printf("[%4d s] %s%n", (System.nanoTime() - start) / 1_000_000_000, message);
    }
}
