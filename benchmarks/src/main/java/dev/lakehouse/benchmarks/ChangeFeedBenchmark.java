package dev.lakehouse.benchmarks;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.lakehouse.benchmarks.BenchmarkQueries.median;
import static dev.lakehouse.benchmarks.BenchmarkQueries.progress;
import static dev.lakehouse.benchmarks.BenchmarkQueries.single;
import static dev.lakehouse.benchmarks.BenchmarkQueries.timed;
import static dev.lakehouse.benchmarks.BenchmarkQueries.waitForWorkers;

/**
 * The incremental pipeline of the change data feed, side by side with Trino's Delta Lake connector: a bronze table of
 * TPC-H lineitem (change data feed and deletion vectors on) and a silver table derived from it, one copy of each per
 * connector on one local S3 endpoint (both written here, the second registered in Trino's Delta Lake connector). Each
 * round UPDATEs 1% of bronze in both copies ({@code orderkey % 100 = round}), then brings silver up to date in three
 * ways, each timed: the incremental pipeline here (one MERGE of {@code table_changes} since the last round), the same
 * MERGE through Trino's Delta Lake connector and its {@code table_changes}, and recomputing silver from scratch
 * ({@code CREATE OR REPLACE TABLE ... AS SELECT}) here. After each round all three silver tables must hold the same
 * rows. Reported: the paired per-round ratios (median and a 95% interval) of incremental here / incremental there and
 * incremental here / recompute here.
 * <p>
 * Usage: {@code ChangeFeedBenchmark <server-uri> <rows> <rounds> <output.md>}
 */
public final class ChangeFeedBenchmark
{
    private static final String OURS = "lakehouse_s3";
    private static final String THEIRS = "delta_s3";
    private static final String SCHEMA = "feed";
    private static final String BRONZE_COLUMNS = "orderkey, linenumber, partkey, quantity, extendedprice, discount, shipdate";
    private static final String SILVER_SELECT = "orderkey, linenumber, partkey, quantity, extendedprice * (1 - discount) AS revenue, shipdate";

    private record Round(long oursIncrementalMillis, long theirsIncrementalMillis, long recomputeMillis, long changedRows) {}

    private ChangeFeedBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        URI server = URI.create(args[0]);
        long rows = Long.parseLong(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Path output = Path.of(args[3]);
        String tpchSchema = rows <= 6_001_215 ? "sf1" : "sf10";
        long start = System.nanoTime();

        List<Round> results = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:trino://%s:%s?user=benchmark".formatted(server.getHost(), server.getPort()));
                Statement statement = connection.createStatement()) {
            waitForWorkers(connection, List.of(OURS, THEIRS));
            statement.execute("CREATE SCHEMA IF NOT EXISTS %s.%s".formatted(OURS, SCHEMA));
            statement.execute("CREATE SCHEMA IF NOT EXISTS %s.%s".formatted(THEIRS, SCHEMA));
            // LIMIT picks any rows: the second copy is a copy of the first
            statement.execute("CREATE TABLE %s.%s.ours_bronze WITH (change_data_feed_enabled = true, deletion_vectors_enabled = true) AS SELECT %s FROM tpch.%s.lineitem LIMIT %d"
                    .formatted(OURS, SCHEMA, BRONZE_COLUMNS, tpchSchema, rows));
            statement.execute("CREATE TABLE %s.%s.theirs_bronze WITH (change_data_feed_enabled = true, deletion_vectors_enabled = true) AS SELECT * FROM %s.%s.ours_bronze".formatted(OURS, SCHEMA, OURS, SCHEMA));
            for (String copy : List.of("ours", "theirs")) {
                statement.execute("CREATE TABLE %s.%s.%s_silver WITH (deletion_vectors_enabled = true) AS SELECT %s FROM %s.%s.%s_bronze".formatted(OURS, SCHEMA, copy, SILVER_SELECT, OURS, SCHEMA, copy));
            }
            statement.execute("CREATE TABLE %s.%s.recomputed_silver AS SELECT %s FROM %s.%s.ours_bronze".formatted(OURS, SCHEMA, SILVER_SELECT, OURS, SCHEMA));
            for (String table : List.of("theirs_bronze", "theirs_silver")) {
                statement.execute("CALL %s.system.register_table(schema_name => '%s', table_name => '%s', table_location => 's3://bench/lakehouse/%s/%s')".formatted(THEIRS, SCHEMA, table, SCHEMA, table));
            }
            progress(start, "wrote bronze and silver copies of %,d rows of tpch.%s.lineitem".formatted(rows, tpchSchema));

            for (int round = 0; round < rounds; round++) {
                long oursSince = latestVersion(statement, OURS, "ours_bronze");
                long theirsSince = latestVersion(statement, THEIRS, "theirs_bronze");
                String change = "UPDATE %s.%s.%s SET quantity = quantity + 1, discount = 0.5 * discount WHERE orderkey %% 100 = " + round;
                long changed = statement.executeLargeUpdate(change.formatted(OURS, SCHEMA, "ours_bronze"));
                statement.executeLargeUpdate(change.formatted(THEIRS, SCHEMA, "theirs_bronze"));

                // who goes first alternates
                long oursMillis = 0;
                long theirsMillis = 0;
                for (boolean ours : round % 2 == 0 ? List.of(true, false) : List.of(false, true)) {
                    long millis = ours
                            ? timed(statement, incrementalMerge(OURS, "ours", oursSince))
                            : timed(statement, incrementalMerge(THEIRS, "theirs", theirsSince));
                    if (ours) {
                        oursMillis = millis;
                    }
                    else {
                        theirsMillis = millis;
                    }
                }
                long recomputeMillis = timed(statement, "CREATE OR REPLACE TABLE %s.%s.recomputed_silver AS SELECT %s FROM %s.%s.ours_bronze".formatted(OURS, SCHEMA, SILVER_SELECT, OURS, SCHEMA));
                checkSameRows(statement);
                Round result = new Round(oursMillis, theirsMillis, recomputeMillis, changed);
                results.add(result);
                progress(start, "round %d: %,d rows changed; incremental here %d ms, incremental in Trino's Delta Lake connector %d ms, recompute here %d ms"
                        .formatted(round + 1, changed, oursMillis, theirsMillis, recomputeMillis));
            }
        }
        String report = String.join("\n", report(rows, tpchSchema, results)) + "\n";
        System.out.print(report);
        Files.writeString(output, report);
    }

    /**
     * The pipeline's one statement per batch: the last change of each key since the last batch decides whether its
     * silver row is deleted, updated or inserted.
     */
    private static String incrementalMerge(String catalog, String copy, long sinceVersion)
    {
        return ("""
                MERGE INTO %1$s.%2$s.%3$s_silver s USING (
                  SELECT orderkey, linenumber, partkey, quantity, extendedprice * (1 - discount) AS revenue, shipdate, _change_type FROM (
                    SELECT *, row_number() OVER (PARTITION BY orderkey, linenumber ORDER BY _commit_version DESC, CASE WHEN _change_type = 'delete' THEN 1 ELSE 0 END) AS n
                    FROM TABLE(%1$s.system.table_changes('%2$s', '%3$s_bronze', %4$d)) WHERE _change_type <> 'update_preimage')
                  WHERE n = 1) c
                ON s.orderkey = c.orderkey AND s.linenumber = c.linenumber
                WHEN MATCHED AND c._change_type = 'delete' THEN DELETE
                WHEN MATCHED THEN UPDATE SET partkey = c.partkey, quantity = c.quantity, revenue = c.revenue, shipdate = c.shipdate
                WHEN NOT MATCHED AND c._change_type <> 'delete' THEN INSERT VALUES (c.orderkey, c.linenumber, c.partkey, c.quantity, c.revenue, c.shipdate)""")
                .formatted(catalog, SCHEMA, copy, sinceVersion);
    }

    private static long latestVersion(Statement statement, String catalog, String table)
            throws SQLException
    {
        return Long.parseLong(single(statement, "SELECT max(version) FROM %s.%s.\"%s$history\"".formatted(catalog, SCHEMA, table)));
    }

    private static void checkSameRows(Statement statement)
            throws SQLException
    {
        String checksum = "SELECT count(*), sum(quantity), sum(CAST(revenue AS decimal(38, 4))), checksum(orderkey * 10 + linenumber) FROM %s.%s.%s";
        String recomputed = single(statement, checksum.formatted(OURS, SCHEMA, "recomputed_silver"));
        String ours = single(statement, checksum.formatted(OURS, SCHEMA, "ours_silver"));
        String theirs = single(statement, checksum.formatted(THEIRS, SCHEMA, "theirs_silver"));
        if (!ours.equals(recomputed) || !theirs.equals(recomputed)) {
            throw new IllegalStateException("Silver differs from silver recomputed (%s): incremental here %s, incremental in Trino's Delta Lake connector %s".formatted(recomputed, ours, theirs));
        }
    }

    private static String describe(double[] ratios)
    {
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        PairedRuns.Interval interval = PairedRuns.medianInterval(ratios);
        return "%.2f (%.2f-%.2f)".formatted(sorted[sorted.length / 2], interval.low(), interval.high());
    }

    private static List<String> report(long rows, String tpchSchema, List<Round> rounds)
    {
        double[] versusTheirs = rounds.stream().mapToDouble(round -> (double) round.oursIncrementalMillis() / Math.max(1, round.theirsIncrementalMillis())).toArray();
        double[] versusRecompute = rounds.stream().mapToDouble(round -> (double) round.oursIncrementalMillis() / Math.max(1, round.recomputeMillis())).toArray();
        List<String> lines = new ArrayList<>();
        lines.add(("%,d rows of `tpch.%s.lineitem` in a bronze table (change data feed and deletion vectors on) and a silver table derived from it (`%s`), one copy of each per " +
                "connector (both written here, the second registered in Trino's Delta Lake connector) on one local S3 endpoint (s3proxy), one Trino 476 server, 2 cores. " +
                "Each round UPDATEs 1%% of bronze (`orderkey %% 100 = round`, two columns) in both copies, then brings silver up to date: one MERGE of `table_changes` " +
                "since the last round here and in Trino's Delta Lake connector (who goes first alternates), and a `CREATE OR REPLACE TABLE ... AS SELECT` of silver " +
                "from bronze here; after each round the three silver tables hold the same rows (checked).").formatted(rows, tpchSchema, SILVER_SELECT));
        lines.add("");
        lines.add("| round | rows changed | incremental here ms | incremental, Trino's Delta Lake connector ms | recompute here ms |");
        lines.add("| ---: | ---: | ---: | ---: | ---: |");
        for (int index = 0; index < rounds.size(); index++) {
            Round round = rounds.get(index);
            lines.add("| %d | %,d | %d | %d | %d |".formatted(index + 1, round.changedRows(), round.oursIncrementalMillis(), round.theirsIncrementalMillis(), round.recomputeMillis()));
        }
        lines.add("");
        lines.add(("Paired per-round ratios, median (95%% interval; with fewer than 6 rounds, all the ratios seen): incremental here / incremental in Trino's Delta Lake " +
                "connector %s; incremental here / recompute here %s; median times %d / %d / %d ms.")
                .formatted(describe(versusTheirs), describe(versusRecompute),
                        median(rounds.stream().map(Round::oursIncrementalMillis).toList()),
                        median(rounds.stream().map(Round::theirsIncrementalMillis).toList()),
                        median(rounds.stream().map(Round::recomputeMillis).toList())));
        return lines;
    }
}
