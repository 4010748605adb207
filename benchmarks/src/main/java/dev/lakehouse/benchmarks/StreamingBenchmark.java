package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableList;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import static dev.lakehouse.benchmarks.BenchmarkQueries.megabytes;
import static dev.lakehouse.benchmarks.BenchmarkQueries.progress;
import static dev.lakehouse.benchmarks.BenchmarkQueries.run;
import static dev.lakehouse.benchmarks.BenchmarkQueries.runs;
import static dev.lakehouse.benchmarks.BenchmarkQueries.timed;
import static dev.lakehouse.benchmarks.BenchmarkQueries.waitForWorkers;

/**
 * A stream of small INSERT commits into three copies of one clustered table in one Trino, kept three ways: no
 * maintenance; the maintenance service (its own process, watching only its copy); and what a user of Trino's Delta
 * Lake connector does today, a cron-style {@code optimize} every N commits. A box query on the clustering columns
 * runs on each copy every few seconds while the stream goes on, each time paired with the same query on the fully
 * maintained copy of the checkpoint before, in the same round and so under the same load; at every checkpoint the stream pauses, a fully
 * optimized and clustered copy of the same rows is built, and the query runs in interleaved rounds on all four, so
 * each copy's time is a paired ratio to the fully maintained one, with a 95% interval. At the end, each copy's write
 * amplification (bytes rewritten / bytes ingested) is read from its log.
 * <p>
 * Usage: {@code StreamingBenchmark <server-uri> <warehouse-dir> <output.md> <commits> <rows-per-commit> <cron-every>
 * <target-file-size-bytes> <checkpoint-every> <sample-seconds> <runs>}
 */
public final class StreamingBenchmark
{
    private static final String CATALOG = "lakehouse";
    private static final String SCHEMA = "streaming";
    private static final String NONE = "no_maintenance";
    private static final String SERVICE = "maintenance_service";
    private static final String CRON = "cron_optimize";
    private static final String REFERENCE = "fully_maintained";
    private static final List<String> COPIES = ImmutableList.of(NONE, SERVICE, CRON);
    // a box of 10% of each clustering column's range: 1% of the rows
    private static final String BOX = "partkey BETWEEN %d AND %d AND suppkey BETWEEN %d AND %d".formatted(
            StreamRows.PART_KEYS * 4 / 10, StreamRows.PART_KEYS / 2, StreamRows.SUPPLIER_KEYS * 3 / 10, StreamRows.SUPPLIER_KEYS * 4 / 10);

    /**
     * One box query on one copy while the stream runs, with the reference's time in the same round (so both ran under
     * the same load: the stream's INSERTs, the service's jobs, cron's optimize).
     */
    private record Sample(int commits, String table, long wallMillis, long files, long referenceMillis) {}

    /**
     * @param roundsWithRewrite for each round, whether a rewrite of the maintenance service ran on the server meanwhile
     */
    private record Checkpoint(int commits, List<Long> fileCounts, List<PairedRuns> toReference, QueryStatistics reference, List<Boolean> roundsWithRewrite)
    {
        /** The copy's paired ratios in the rounds with or without a service rewrite running, if there were such rounds. */
        Optional<PairedRuns> inRounds(int copy, boolean withRewrite)
        {
            PairedRuns all = toReference.get(copy);
            List<QueryStatistics> ours = new ArrayList<>();
            List<QueryStatistics> theirs = new ArrayList<>();
            for (int round = 0; round < roundsWithRewrite.size(); round++) {
                if (roundsWithRewrite.get(round) == withRewrite) {
                    ours.add(all.ours().get(round));
                    theirs.add(all.theirs().get(round));
                }
            }
            return ours.isEmpty() ? Optional.empty() : Optional.of(new PairedRuns(ours, theirs));
        }
    }

    private StreamingBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        URI server = URI.create(args[0]);
        Path warehouse = Path.of(args[1]);
        Path output = Path.of(args[2]);
        int commits = Integer.parseInt(args[3]);
        int rowsPerCommit = Integer.parseInt(args[4]);
        int cronEvery = Integer.parseInt(args[5]);
        long targetFileSize = Long.parseLong(args[6]);
        int checkpointEvery = Integer.parseInt(args[7]);
        int sampleSeconds = Integer.parseInt(args[8]);
        int runs = Integer.parseInt(args[9]);

        String jdbcUrl = "jdbc:trino://%s:%s?user=benchmark".formatted(server.getHost(), server.getPort());
        List<Checkpoint> checkpoints = new ArrayList<>();
        List<Sample> samples = new CopyOnWriteArrayList<>();
        List<Long> cronMillis = new ArrayList<>();
        AtomicInteger committed = new AtomicInteger();
        // the sampler stands aside while a checkpoint is measured
        ReentrantLock measuring = new ReentrantLock();
        AtomicBoolean streaming = new AtomicBoolean(true);
        AtomicBoolean referenceBuilt = new AtomicBoolean();
        long start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement()) {
            waitForWorkers(connection, List.of(CATALOG));
            statement.execute("SET SESSION %s.target_file_size = '%sB'".formatted(CATALOG, targetFileSize));
            statement.execute("CREATE SCHEMA IF NOT EXISTS %s.%s".formatted(CATALOG, SCHEMA));
            for (String table : ImmutableList.<String>builder().addAll(COPIES).add(REFERENCE).build()) {
                statement.execute("DROP TABLE IF EXISTS %s".formatted(name(table)));
            }
            for (String table : COPIES) {
                statement.execute("CREATE TABLE %s (%s) WITH (clustered_by = ARRAY['partkey', 'suppkey'], maintenance_enabled = %s, maintenance_target_file_size = '%sB')"
                        .formatted(name(table), StreamRows.COLUMNS, table.equals(SERVICE), targetFileSize));
            }
            progress(start, "created %s; streaming %,d commits of %,d rows into each, optimize of %s every %s commits, the service watching %s".formatted(
                    COPIES, commits, rowsPerCommit, CRON, cronEvery, SERVICE));

            Thread sampler = Thread.ofPlatform().name("box-query-sampler").start(() -> sample(jdbcUrl, server, sampleSeconds, committed, measuring, streaming, referenceBuilt, samples));
            try {
                for (int commit = 1; commit <= commits; commit++) {
                    String rows = StreamRows.commit(commit, rowsPerCommit);
                    for (String table : COPIES) {
                        statement.execute("INSERT INTO %s %s".formatted(name(table), rows));
                    }
                    committed.set(commit);
                    if (commit % cronEvery == 0) {
                        cronMillis.add(timed(statement, "ALTER TABLE %s EXECUTE optimize(file_size_threshold => '%sB')".formatted(name(CRON), targetFileSize)));
                    }
                    if (commit % 100 == 0) {
                        progress(start, "%,d commits; files: %s".formatted(commit, fileCounts(statement)));
                    }
                    if (commit % checkpointEvery == 0) {
                        measuring.lock();
                        try {
                            Checkpoint checkpoint = checkpoint(connection, statement, server, commit, runs);
                            checkpoints.add(checkpoint);
                            referenceBuilt.set(true);
                            progress(start, describe(checkpoint));
                        }
                        finally {
                            measuring.unlock();
                        }
                    }
                }
            }
            finally {
                streaming.set(false);
                sampler.join();
            }
        }
        List<WrittenBytes> written = new ArrayList<>();
        for (String table : COPIES) {
            written.add(WrittenBytes.of(warehouse.resolve(SCHEMA).resolve(table)));
        }
        String report = String.join("\n", report(commits, rowsPerCommit, cronEvery, targetFileSize, sampleSeconds, runs, checkpoints, samples, cronMillis, written)) + "\n";
        System.out.print(report);
        Files.writeString(output, report);
    }

    private static void sample(String jdbcUrl, URI server, int sampleSeconds, AtomicInteger committed, ReentrantLock measuring, AtomicBoolean streaming, AtomicBoolean referenceBuilt, List<Sample> samples)
    {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            int round = 0;
            while (streaming.get()) {
                Thread.sleep(sampleSeconds * 1000L);
                measuring.lock();
                try {
                    int commits = committed.get();
                    if (!referenceBuilt.get()) {
                        continue;
                    }
                    // the reference first, then the copies in turn; all four under the same load
                    long referenceMillis = run(connection, server, boxQuery(REFERENCE)).wallMillis();
                    for (int turn = 0; turn < COPIES.size(); turn++) {
                        String table = COPIES.get((round + turn) % COPIES.size());
                        QueryStatistics statistics = run(connection, server, boxQuery(table));
                        samples.add(new Sample(commits, table, statistics.wallMillis(), statistics.scanFiles(), referenceMillis));
                    }
                    round++;
                }
                finally {
                    measuring.unlock();
                }
            }
        }
        catch (SQLException | IOException e) {
            throw new IllegalStateException("The box query sampler failed", e);
        }
        catch (InterruptedException _) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Builds the fully maintained copy of the rows committed so far (every copy holds the same rows), then runs the box
     * query on the three copies and on it, round by round.
     */
    private static Checkpoint checkpoint(Connection connection, Statement statement, URI server, int commits, int runs)
            throws SQLException, IOException, InterruptedException
    {
        statement.execute("DROP TABLE IF EXISTS %s".formatted(name(REFERENCE)));
        statement.execute("CREATE TABLE %s WITH (clustered_by = ARRAY['partkey', 'suppkey'], maintenance_enabled = false) AS SELECT * FROM %s".formatted(name(REFERENCE), name(NONE)));
        statement.execute("ALTER TABLE %s EXECUTE cluster".formatted(name(REFERENCE)));
        List<String> queries = new ArrayList<>();
        COPIES.forEach(table -> queries.add(boxQuery(table)));
        queries.add(boxQuery(REFERENCE));
        // one warm-up run each, then the rounds
        for (String query : queries) {
            run(connection, server, query);
        }
        List<List<QueryStatistics>> results = new ArrayList<>();
        queries.forEach(_ -> results.add(new ArrayList<>()));
        List<MaintenanceRewrites.Interval> rounds = new ArrayList<>();
        for (int round = 0; round < runs; round++) {
            double start = MaintenanceRewrites.now();
            List<List<QueryStatistics>> oneRound = runs(connection, server, queries, 1, commits + round);
            for (int query = 0; query < queries.size(); query++) {
                results.get(query).addAll(oneRound.get(query));
            }
            rounds.add(new MaintenanceRewrites.Interval(start, MaintenanceRewrites.now()));
        }
        List<MaintenanceRewrites.Interval> rewrites = MaintenanceRewrites.recent(statement);
        List<Boolean> roundsWithRewrite = rounds.stream().map(round -> rewrites.stream().anyMatch(round::overlaps)).toList();
        List<QueryStatistics> reference = results.getLast();
        List<PairedRuns> paired = new ArrayList<>();
        for (int copy = 0; copy < COPIES.size(); copy++) {
            paired.add(new PairedRuns(results.get(copy), reference));
        }
        List<Long> files = new ArrayList<>(fileCounts(statement));
        files.add(fileCount(statement, REFERENCE));
        return new Checkpoint(commits, files, paired, paired.getFirst().theirsMedian(), roundsWithRewrite);
    }

    private static List<String> report(int commits, int rowsPerCommit, int cronEvery, long targetFileSize, int sampleSeconds, int runs,
            List<Checkpoint> checkpoints, List<Sample> samples, List<Long> cronMillis, List<WrittenBytes> written)
    {
        List<String> lines = new ArrayList<>();
        lines.add("%,d INSERT commits of %,d rows each (`%s`), the same rows into three copies of a table clustered by (partkey, suppkey), target file size %.2f MB; one Trino 476 server, 2 cores."
                .formatted(commits, rowsPerCommit, StreamRows.COLUMNS, megabytes(targetFileSize)));
        lines.add("Copies: **none** (no maintenance), **service** (the maintenance service, its own process, evaluating every few seconds), **cron** (`optimize(file_size_threshold => target)` every %s commits, as a user of Trino's Delta Lake connector schedules it; %s runs, median %s ms)."
                .formatted(cronEvery, cronMillis.size(), median(cronMillis)));
        lines.add("Query: `SELECT count(*), sum(quantity) FROM t WHERE %s` (1%% of the rows). The reference is a copy of the same rows rebuilt at each checkpoint and fully clustered (`cluster`)."
                .formatted(BOX));
        lines.add("");
        lines.add("### At each checkpoint (stream paused; %s interleaved rounds; time as the median of the rounds' paired ratios to the fully maintained copy, and its 95%% interval; the service's also in the rounds during which none or one of its rewrites ran on the server)".formatted(runs));
        lines.add("");
        lines.add("| commits | files none / service / cron / reference | files read none / service / cron / reference | reference ms | none | service | cron | rounds with a service rewrite running | service in rounds without / with one |");
        lines.add("| ---: | --- | --- | ---: | --- | --- | --- | ---: | --- |");
        for (Checkpoint checkpoint : checkpoints) {
            List<String> ratios = checkpoint.toReference().stream()
                    .map(paired -> "%.2f (%.2f-%.2f)".formatted(paired.pairedWallRatio(), paired.wallRatioInterval().low(), paired.wallRatioInterval().high()))
                    .toList();
            List<Long> filesRead = new ArrayList<>(checkpoint.toReference().stream().map(paired -> paired.oursMedian().scanFiles()).toList());
            filesRead.add(checkpoint.reference().scanFiles());
            int service = COPIES.indexOf(SERVICE);
            String byRewrites = "%s / %s".formatted(
                    checkpoint.inRounds(service, false).map(paired -> "%.2f".formatted(paired.pairedWallRatio())).orElse("-"),
                    checkpoint.inRounds(service, true).map(paired -> "%.2f".formatted(paired.pairedWallRatio())).orElse("-"));
            long busyRounds = checkpoint.roundsWithRewrite().stream().filter(busy -> busy).count();
            lines.add("| %,d | %s | %s | %s | %s | %s of %s | %s |".formatted(checkpoint.commits(), slashed(checkpoint.fileCounts()), slashed(filesRead), checkpoint.reference().wallMillis(), String.join(" | ", ratios),
                    busyRounds, checkpoint.roundsWithRewrite().size(), byRewrites));
        }
        lines.add("");
        lines.add("### While the stream runs (the box query every %s s on each copy, each time ratio to the fully clustered copy of the checkpoint before, queried in the same round; the first checkpoint's interval is warm-up)".formatted(sampleSeconds));
        lines.add("");
        lines.add("| commits | samples | files read, median / max: none | service | cron | time ratio, median / max: none | service | cron |");
        lines.add("| --- | ---: | --- | --- | --- | --- | --- | --- |");
        for (int window = 0; window < checkpoints.size(); window++) {
            Checkpoint reference = checkpoints.get(window);
            int from = reference.commits();
            int to = window + 1 < checkpoints.size() ? checkpoints.get(window + 1).commits() : commits + 1;
            List<String> fileCells = new ArrayList<>();
            List<String> timeCells = new ArrayList<>();
            int count = 0;
            for (String table : COPIES) {
                List<Sample> inWindow = samples.stream().filter(sample -> sample.table().equals(table) && sample.commits() >= from && sample.commits() < to).toList();
                count = inWindow.size();
                List<Double> fileRatios = inWindow.stream().map(sample -> (double) sample.files()).toList();
                List<Double> timeRatios = inWindow.stream().map(sample -> (double) sample.wallMillis() / Math.max(1, sample.referenceMillis())).toList();
                fileCells.add(fileRatios.isEmpty() ? "-" : "%.0f / %.0f".formatted(medianOf(fileRatios), Collections.max(fileRatios)));
                timeCells.add(timeRatios.isEmpty() ? "-" : "%.2f / %.2f".formatted(medianOf(timeRatios), Collections.max(timeRatios)));
            }
            lines.add("| %,d-%,d | %s | %s | %s |".formatted(from, to - 1, count, String.join(" | ", fileCells), String.join(" | ", timeCells)));
        }
        lines.add("");
        lines.add("### Write amplification (from each copy's log)");
        lines.add("");
        lines.add("| copy | MB ingested | MB rewritten | rewrite commits | write amplification | in rows |");
        lines.add("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (int copy = 0; copy < COPIES.size(); copy++) {
            WrittenBytes bytes = written.get(copy);
            lines.add("| %s | %.1f | %.1f | %s | %.2f | %.2f |".formatted(COPIES.get(copy), megabytes(bytes.ingestedBytes()), megabytes(bytes.rewrittenBytes()), bytes.rewriteCommits(), bytes.amplification(), bytes.rowAmplification()));
        }
        lines.add("");
        lines.addAll(verdict(checkpoints, written));
        return lines;
    }

    /**
     * The goals: after the first checkpoint, the service's copy answers within 1.5x of the fully maintained one at
     * every checkpoint, at a write amplification no higher than the cron baseline's.
     */
    private static List<String> verdict(List<Checkpoint> checkpoints, List<WrittenBytes> written)
    {
        int service = COPIES.indexOf(SERVICE);
        Optional<Checkpoint> worst = checkpoints.stream().skip(1).max((left, right) -> Double.compare(left.toReference().get(service).pairedWallRatio(), right.toReference().get(service).pairedWallRatio()));
        List<String> lines = new ArrayList<>();
        worst.ifPresent(checkpoint -> lines.add("Service after warm-up: worst checkpoint time ratio %.2f at %,d commits (goal: at most 1.5): %s."
                .formatted(checkpoint.toReference().get(service).pairedWallRatio(), checkpoint.commits(), checkpoint.toReference().get(service).pairedWallRatio() <= 1.5 ? "met" : "not met")));
        double serviceAmplification = written.get(service).amplification();
        double cronAmplification = written.get(COPIES.indexOf(CRON)).amplification();
        lines.add("Write amplification: service %.2f, cron %.2f (goal: service at most cron): %s; in rows %.2f and %.2f.".formatted(serviceAmplification, cronAmplification, serviceAmplification <= cronAmplification ? "met" : "not met",
                written.get(service).rowAmplification(), written.get(COPIES.indexOf(CRON)).rowAmplification()));
        return lines;
    }

    private static String describe(Checkpoint checkpoint)
    {
        List<String> ratios = new ArrayList<>();
        for (int copy = 0; copy < COPIES.size(); copy++) {
            PairedRuns paired = checkpoint.toReference().get(copy);
            ratios.add("%s %.2fx (%s files read)".formatted(COPIES.get(copy), paired.pairedWallRatio(), paired.oursMedian().scanFiles()));
        }
        return "checkpoint at %,d commits: files %s; reference %s ms, %s files read; %s; a service rewrite ran during %s of %s rounds".formatted(
                checkpoint.commits(), checkpoint.fileCounts(), checkpoint.reference().wallMillis(), checkpoint.reference().scanFiles(), String.join(", ", ratios),
                checkpoint.roundsWithRewrite().stream().filter(busy -> busy).count(), checkpoint.roundsWithRewrite().size());
    }

    private static List<Long> fileCounts(Statement statement)
            throws SQLException
    {
        List<Long> counts = new ArrayList<>();
        for (String table : COPIES) {
            counts.add(fileCount(statement, table));
        }
        return counts;
    }

    private static long fileCount(Statement statement, String table)
            throws SQLException
    {
        try (ResultSet result = statement.executeQuery("SELECT file_count FROM %s.%s.\"%s$layout\" LIMIT 1".formatted(CATALOG, SCHEMA, table))) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    private static String boxQuery(String table)
    {
        return "SELECT count(*), sum(quantity) FROM %s WHERE %s".formatted(name(table), BOX);
    }

    private static String name(String table)
    {
        return "%s.%s.%s".formatted(CATALOG, SCHEMA, table);
    }

    private static String slashed(List<Long> values)
    {
        return String.join(" / ", values.stream().map(String::valueOf).toList());
    }

    private static long median(List<Long> values)
    {
        return values.isEmpty() ? 0 : values.stream().sorted().toList().get(values.size() / 2);
    }

    private static double medianOf(List<Double> values)
    {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

}
