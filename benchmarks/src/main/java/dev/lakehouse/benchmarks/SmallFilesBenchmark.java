package dev.lakehouse.benchmarks;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.lakehouse.benchmarks.BenchmarkQueries.progress;
import static dev.lakehouse.benchmarks.BenchmarkQueries.run;
import static dev.lakehouse.benchmarks.BenchmarkQueries.single;
import static dev.lakehouse.benchmarks.BenchmarkQueries.waitForWorkers;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Reading a table of many small files, side by side with Trino's Delta Lake connector: one existing Delta table (the
 * streaming benchmark's copy without maintenance: one small file per INSERT commit) registered in both catalogs, and
 * queries run round by round on three readers: ours as it is (small files share splits), ours with one split per file
 * ({@code combine_small_files = false}, as before), and theirs. Reported per query: median times, and each of ours as a
 * paired ratio to theirs with its 95% interval.
 * <p>
 * Usage: {@code SmallFilesBenchmark <server-uri> <table-location> <rounds> <output.md>}
 */
public final class SmallFilesBenchmark
{
    private static final String SCHEMA = "small_files";
    private static final String TABLE = "events";
    private static final String OURS = "lakehouse";
    private static final String THEIRS = "delta";
    private static final String ONE_SPLIT_PER_FILE = "SET SESSION lakehouse.combine_small_files = false";
    private static final List<String> QUERIES = List.of(
            "SELECT count(*), sum(quantity) FROM %s WHERE partkey BETWEEN 80000 AND 100000 AND suppkey BETWEEN 3000 AND 4000",
            "SELECT count(*), sum(quantity), max(price), min(shipdate) FROM %s");

    private SmallFilesBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        URI server = URI.create(args[0]);
        Path location = Path.of(args[1]).toAbsolutePath();
        int rounds = Integer.parseInt(args[2]);
        Path output = Path.of(args[3]);
        checkArgument(Files.isDirectory(location.resolve("_delta_log")), "%s is not a Delta table: run bin/run-maintenance-benchmark streaming first, or name a table", location);

        String jdbcUrl = "jdbc:trino://%s:%s?user=benchmark".formatted(server.getHost(), server.getPort());
        long start = System.nanoTime();
        List<String> report = new ArrayList<>();
        try (Connection ours = DriverManager.getConnection(jdbcUrl);
                Connection oursSplitPerFile = DriverManager.getConnection(jdbcUrl);
                Connection theirs = DriverManager.getConnection(jdbcUrl);
                Statement statement = ours.createStatement()) {
            waitForWorkers(ours, List.of(OURS, THEIRS));
            try (Statement session = oursSplitPerFile.createStatement()) {
                session.execute(ONE_SPLIT_PER_FILE);
            }
            // registered, not created: the table's files stay where they are, and unregistering leaves them there
            for (String catalog : List.of(OURS, THEIRS)) {
                // Trino's Delta Lake connector needs a location for a schema; ours keeps its schemas in the warehouse
                statement.execute("CREATE SCHEMA IF NOT EXISTS %s.%s%s".formatted(catalog, SCHEMA, catalog.equals(THEIRS) ? " WITH (location = '%s')".formatted(location.getParent().toUri()) : ""));
                if (!single(statement, "SELECT count(*) FROM %s.information_schema.tables WHERE table_schema = '%s' AND table_name = '%s'".formatted(catalog, SCHEMA, TABLE)).equals("0")) {
                    statement.execute("CALL %s.system.unregister_table(schema_name => '%s', table_name => '%s')".formatted(catalog, SCHEMA, TABLE));
                }
                statement.execute("CALL %s.system.register_table(schema_name => '%s', table_name => '%s', table_location => '%s')".formatted(catalog, SCHEMA, TABLE, location.toUri()));
            }
            long files = Long.parseLong(single(statement, "SELECT count(*) FROM %s.%s.\"%s$files\"".formatted(OURS, SCHEMA, TABLE)));
            long rows = Long.parseLong(single(statement, "SELECT count(*) FROM %s.%s.%s".formatted(OURS, SCHEMA, TABLE)));
            progress(start, "registered %s (%,d files, %,d rows) in %s and %s".formatted(location, files, rows, OURS, THEIRS));

            report.add("%,d files, %,d rows (`%s`); %d rounds, each running the query on the three readers in turn.".formatted(files, rows, location.getFileName(), rounds));
            report.add("");
            report.add("| query | files read | ours ms | ours, one split per file, ms | theirs ms | ours / theirs | ours one split per file / theirs | ours / ours one split per file |");
            report.add("| --- | ---: | ---: | ---: | ---: | --- | --- | --- |");
            for (String query : QUERIES) {
                List<Connection> readers = List.of(ours, oursSplitPerFile, theirs);
                List<String> sql = List.of(query.formatted(OURS + "." + SCHEMA + "." + TABLE), query.formatted(OURS + "." + SCHEMA + "." + TABLE), query.formatted(THEIRS + "." + SCHEMA + "." + TABLE));
                List<List<QueryStatistics>> results = new ArrayList<>();
                readers.forEach(_ -> results.add(new ArrayList<>()));
                for (int round = 0; round < rounds; round++) {
                    // the reader that goes first changes from round to round
                    for (int turn = 0; turn < readers.size(); turn++) {
                        int reader = (round + turn) % readers.size();
                        results.get(reader).add(run(readers.get(reader), server, sql.get(reader)));
                    }
                    progress(start, "round %d of %d of `%s`: ours %,d ms, ours one split per file %,d ms, theirs %,d ms".formatted(round + 1, rounds, sql.getFirst(),
                            results.get(0).getLast().wallMillis(), results.get(1).getLast().wallMillis(), results.get(2).getLast().wallMillis()));
                }
                PairedRuns combinedToTheirs = new PairedRuns(results.get(0), results.get(2));
                PairedRuns splitPerFileToTheirs = new PairedRuns(results.get(1), results.get(2));
                PairedRuns combinedToSplitPerFile = new PairedRuns(results.get(0), results.get(1));
                report.add("| `%s` | %,d | %,d | %,d | %,d | %s | %s | %s |".formatted(sql.getFirst(), combinedToTheirs.oursMedian().scanFiles(),
                        combinedToTheirs.oursMedian().wallMillis(), splitPerFileToTheirs.oursMedian().wallMillis(), combinedToTheirs.theirsMedian().wallMillis(),
                        ratio(combinedToTheirs), ratio(splitPerFileToTheirs), ratio(combinedToSplitPerFile)));
            }
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.write(output, report, UTF_8);
        report.forEach(System.out::println);
    }

    private static String ratio(PairedRuns runs)
    {
        PairedRuns.Interval interval = runs.wallRatioInterval();
        return "%.2f (%.2f-%.2f)".formatted(runs.wallRatio(), interval.low(), interval.high());
    }
}
