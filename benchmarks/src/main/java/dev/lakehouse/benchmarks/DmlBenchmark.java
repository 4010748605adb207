package dev.lakehouse.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.stream.Stream;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.lakehouse.benchmarks.BenchmarkQueries.median;
import static dev.lakehouse.benchmarks.BenchmarkQueries.megabytes;
import static dev.lakehouse.benchmarks.BenchmarkQueries.progress;
import static dev.lakehouse.benchmarks.BenchmarkQueries.runs;
import static dev.lakehouse.benchmarks.BenchmarkQueries.single;
import static dev.lakehouse.benchmarks.BenchmarkQueries.waitForWorkers;

/**
 * DELETE, UPDATE and MERGE side by side with Trino's Delta Lake connector, copy on write and with deletion vectors:
 * for each mode and each fraction of the rows, two copies of the same table (written here; the second registered in
 * Trino's Delta Lake connector) on one local S3 endpoint take the same statements, round by round, each round touching
 * another slice of that size ({@code orderkey % n = round}, so every file holds changed rows: the hard case for copy on
 * write). Reported per statement: time as a paired ratio ours / theirs (median of the rounds and the range of the
 * ratios seen), bytes written (new files in the table's folder, data and deletion vectors, log excluded), and after
 * all rounds a full scan of each copy in interleaved runs.
 * <p>
 * Usage: {@code DmlBenchmark <server-uri> <s3-data-dir-of-the-bucket> <rows> <rounds> <scan-runs> <output.md> [moduli]}
 */
public final class DmlBenchmark
{
    private static final String OURS = "lakehouse_s3";
    private static final String THEIRS = "delta_s3";
    private static final String SCHEMA = "bench";
    private static final String BASE = "lineitem_base";
    private static final String COLUMNS = "orderkey, partkey, suppkey, linenumber, quantity, extendedprice, discount, shipdate";
    // 0.1%, 1% and 10% of the rows: orderkey % modulus = round
    private static final List<Integer> MODULI = List.of(1000, 100, 10);
    private static final List<String> STATEMENTS = List.of("DELETE", "UPDATE", "MERGE");

    private record Cell(boolean deletionVectors, int modulus, String statement, List<Long> oursMillis, List<Long> theirsMillis, long oursBytes, long theirsBytes) {}

    private record Scan(boolean deletionVectors, int modulus, PairedRuns runs) {}

    private DmlBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        URI server = URI.create(args[0]);
        Path bucket = Path.of(args[1]);
        long rows = Long.parseLong(args[2]);
        int rounds = Integer.parseInt(args[3]);
        int scanRuns = Integer.parseInt(args[4]);
        Path output = Path.of(args[5]);
        // optional: the fractions to run, as moduli (1000 = 0.1%)
        List<Integer> moduli = args.length > 6 ? Arrays.stream(args[6].split(",")).map(String::strip).map(Integer::parseInt).toList() : MODULI;
        checkArgument(moduli.stream().allMatch(modulus -> rounds <= modulus), "rounds (%s) must not exceed any modulus %s: each round needs a slice of its own", rounds, moduli);
        String tpchSchema = rows <= 6_001_215 ? "sf1" : "sf10";
        long start = System.nanoTime();

        List<Cell> cells = new ArrayList<>();
        List<Scan> scans = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:trino://%s:%s?user=benchmark".formatted(server.getHost(), server.getPort()));
                Statement statement = connection.createStatement()) {
            waitForWorkers(connection, List.of(OURS, THEIRS));
            for (String catalog : List.of(OURS, THEIRS)) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS %s.%s".formatted(catalog, SCHEMA));
            }
            statement.execute("CREATE TABLE %s.%s.%s AS SELECT %s FROM tpch.%s.lineitem LIMIT %d".formatted(OURS, SCHEMA, BASE, COLUMNS, tpchSchema, rows));
            progress(start, "wrote %,d rows of tpch.%s.lineitem".formatted(rows, tpchSchema));
            for (boolean deletionVectors : List.of(false, true)) {
                for (int modulus : moduli) {
                    String ours = "ours_%s_%d".formatted(deletionVectors ? "dv" : "cow", modulus);
                    String theirs = "theirs_%s_%d".formatted(deletionVectors ? "dv" : "cow", modulus);
                    // too few disjoint slices for all statements' rounds (10% of the rows, many rounds): each statement then
                    // starts from fresh copies of the original rows, so that every round touches its fraction
                    boolean freshCopies = STATEMENTS.size() * rounds > modulus;
                    createCopies(statement, ours, theirs, deletionVectors);
                    for (String kind : STATEMENTS) {
                        if (freshCopies && !kind.equals(STATEMENTS.getFirst())) {
                            checkSameRows(statement, ours, theirs);
                            dropCopies(statement, ours, theirs);
                            createCopies(statement, ours, theirs, deletionVectors);
                        }
                        List<Long> oursMillis = new ArrayList<>();
                        List<Long> theirsMillis = new ArrayList<>();
                        long oursBytes = 0;
                        long theirsBytes = 0;
                        for (int round = 0; round < rounds; round++) {
                            // a slice no earlier round touched; who goes first alternates
                            int slice = freshCopies ? round : STATEMENTS.indexOf(kind) * rounds + round;
                            boolean oursFirst = round % 2 == 0;
                            for (boolean isOurs : oursFirst ? List.of(true, false) : List.of(false, true)) {
                                String table = isOurs ? ours : theirs;
                                String catalog = isOurs ? OURS : THEIRS;
                                long before = folderBytes(bucket.resolve("lakehouse").resolve(SCHEMA).resolve(table));
                                long millis = BenchmarkQueries.timed(statement, sql(kind, catalog, table, modulus, slice));
                                long written = folderBytes(bucket.resolve("lakehouse").resolve(SCHEMA).resolve(table)) - before;
                                if (isOurs) {
                                    oursMillis.add(millis);
                                    oursBytes += written;
                                }
                                else {
                                    theirsMillis.add(millis);
                                    theirsBytes += written;
                                }
                            }
                        }
                        Cell cell = new Cell(deletionVectors, modulus, kind, oursMillis, theirsMillis, oursBytes, theirsBytes);
                        cells.add(cell);
                        progress(start, describe(cell));
                    }
                    checkSameRows(statement, ours, theirs);
                    List<List<QueryStatistics>> scanned = runs(connection, server, List.of(scan(OURS, ours), scan(THEIRS, theirs)), scanRuns);
                    scans.add(new Scan(deletionVectors, modulus, new PairedRuns(scanned.get(0), scanned.get(1))));
                    progress(start, "full scan after the changes (%s, 1/%d): ratio %.2f".formatted(deletionVectors ? "deletion vectors" : "copy on write", modulus, scans.getLast().runs().wallRatio()));
                    dropCopies(statement, ours, theirs);
                }
            }
        }
        String report = String.join("\n", report(rows, tpchSchema, rounds, scanRuns, cells, scans)) + "\n";
        System.out.print(report);
        Files.writeString(output, report);
    }

    // two copies of the original rows, the second registered in Trino's Delta Lake connector
    private static void createCopies(Statement statement, String ours, String theirs, boolean deletionVectors)
            throws SQLException
    {
        for (String table : List.of(ours, theirs)) {
            statement.execute("CREATE TABLE %s.%s.%s WITH (deletion_vectors_enabled = %s) AS SELECT * FROM %s.%s.%s".formatted(OURS, SCHEMA, table, deletionVectors, OURS, SCHEMA, BASE));
        }
        statement.execute("CALL %s.system.register_table(schema_name => '%s', table_name => '%s', table_location => 's3://bench/lakehouse/%s/%s')".formatted(THEIRS, SCHEMA, theirs, SCHEMA, theirs));
    }

    private static void dropCopies(Statement statement, String ours, String theirs)
            throws SQLException
    {
        statement.execute("CALL %s.system.unregister_table(schema_name => '%s', table_name => '%s')".formatted(THEIRS, SCHEMA, theirs));
        for (String table : List.of(ours, theirs)) {
            statement.execute("DROP TABLE %s.%s.%s".formatted(OURS, SCHEMA, table));
        }
    }

    private static String sql(String kind, String catalog, String table, int modulus, int slice)
    {
        String target = "%s.%s.%s".formatted(catalog, SCHEMA, table);
        String where = "orderkey %% %d = %d".formatted(modulus, slice);
        return switch (kind) {
            case "DELETE" -> "DELETE FROM %s WHERE %s".formatted(target, where);
            case "UPDATE" -> "UPDATE %s SET quantity = quantity + 1 WHERE %s".formatted(target, where);
            case "MERGE" -> ("MERGE INTO %s t USING (SELECT orderkey, linenumber FROM %s.%s.%s WHERE %s) s ON t.orderkey = s.orderkey AND t.linenumber = s.linenumber " +
                    "WHEN MATCHED THEN UPDATE SET discount = t.discount + 0.01").formatted(target, OURS, SCHEMA, BASE, where);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static String scan(String catalog, String table)
    {
        // decimal sums: the same rows give the same text in any order
        return "SELECT count(*), sum(CAST(quantity AS decimal(12, 2))), sum(CAST(discount AS decimal(12, 2))), max(shipdate) FROM %s.%s.%s".formatted(catalog, SCHEMA, table);
    }

    private static void checkSameRows(Statement statement, String ours, String theirs)
            throws SQLException
    {
        String oursResult = single(statement, scan(OURS, ours));
        String theirsResult = single(statement, scan(THEIRS, theirs));
        if (!oursResult.equals(theirsResult)) {
            throw new IllegalStateException("The copies differ after the same statements: %s here, %s in Trino's Delta Lake connector".formatted(oursResult, theirsResult));
        }
        // the copy Trino's Delta Lake connector changed (its rewritten files and deletion vectors) reads the same here
        String theirsReadHere = single(statement, scan(OURS, theirs));
        if (!theirsReadHere.equals(theirsResult)) {
            throw new IllegalStateException("The copy Trino's Delta Lake connector changed reads %s here but %s there".formatted(theirsReadHere, theirsResult));
        }
    }

    /** Bytes of the files of a table folder (the bucket folder of the local S3 endpoint), its log left out. */
    private static long folderBytes(Path table)
    {
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(Files::isRegularFile)
                    .filter(path -> !table.relativize(path).toString().startsWith("_delta_log"))
                    .mapToLong(path -> {
                        try {
                            return Files.size(path);
                        }
                        catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> report(long rows, String tpchSchema, int rounds, int scanRuns, List<Cell> cells, List<Scan> scans)
    {
        List<String> lines = new ArrayList<>();
        lines.add("%,d rows of `tpch.%s.lineitem` (`%s`) written here, twice per mode and fraction; the second copy registered in Trino's Delta Lake connector. Both catalogs on one local S3 endpoint (s3proxy), one Trino 476 server, 2 cores. Each statement runs %d rounds on both copies (who goes first alternates), each round on another slice `orderkey %% n = k` (every data file holds changed rows; where a fraction has fewer slices than all three statements' rounds need, each statement starts from fresh copies of the rows). Time: median of the per-round ratios ours / theirs, with the range of the ratios seen; bytes: files added to the table folder (data and deletion vectors, log excluded) over all rounds."
                .formatted(rows, tpchSchema, COLUMNS, rounds));
        lines.add("");
        lines.add("| mode | rows touched | statement | ours ms (median) | theirs ms (median) | time ratio (range) | ours MB written | theirs MB written | bytes ratio |");
        lines.add("| --- | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: |");
        for (Cell cell : cells) {
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < cell.oursMillis().size(); round++) {
                ratios.add((double) cell.oursMillis().get(round) / Math.max(1, cell.theirsMillis().get(round)));
            }
            List<Double> sorted = ratios.stream().sorted().toList();
            lines.add("| %s | %s | %s | %d | %d | %.2f (%.2f-%.2f) | %.2f | %.2f | %s |".formatted(
                    cell.deletionVectors() ? "deletion vectors" : "copy on write",
                    fraction(cell.modulus()),
                    cell.statement(),
                    median(cell.oursMillis()),
                    median(cell.theirsMillis()),
                    sorted.get(sorted.size() / 2), sorted.getFirst(), sorted.getLast(),
                    megabytes(cell.oursBytes()),
                    megabytes(cell.theirsBytes()),
                    cell.theirsBytes() == 0 ? "-" : "%.2f".formatted((double) cell.oursBytes() / cell.theirsBytes())));
        }
        lines.add("");
        lines.add("Full scan of each copy after all its statements (`%s`), %d interleaved runs, paired ratio ours / theirs with a 95%% interval:".formatted(scan("c", "t"), scanRuns));
        lines.add("");
        lines.add("| mode | rows touched per statement | ours ms | theirs ms | ratio (95% interval) |");
        lines.add("| --- | ---: | ---: | ---: | --- |");
        for (Scan scan : scans) {
            PairedRuns.Interval interval = scan.runs().wallRatioInterval();
            lines.add("| %s | %s | %d | %d | %.2f (%.2f-%.2f) |".formatted(
                    scan.deletionVectors() ? "deletion vectors" : "copy on write",
                    fraction(scan.modulus()),
                    scan.runs().oursMedian().wallMillis(),
                    scan.runs().theirsMedian().wallMillis(),
                    scan.runs().wallRatio(), interval.low(), interval.high()));
        }
        lines.add("");
        lines.addAll(verdict(cells));
        return lines;
    }

    /** The goal for deletion vectors: a 0.1% DELETE writes under 1% of the bytes a copy-on-write DELETE writes. */
    private static List<String> verdict(List<Cell> cells)
    {
        if (cells.stream().noneMatch(cell -> cell.modulus() == 1000 && cell.statement().equals("DELETE"))) {
            return List.of("(No 0.1% DELETE in this run: the deletion-vector goal is not measured.)");
        }
        long copyOnWrite = bytesOf(cells, false, 1000, "DELETE");
        long vectors = bytesOf(cells, true, 1000, "DELETE");
        double share = copyOnWrite == 0 ? 0 : 100.0 * vectors / copyOnWrite;
        return List.of("0.1%% DELETE here: %.3f MB with deletion vectors against %.2f MB copy on write, %.3f%% (goal: under 1%%): %s."
                .formatted(megabytes(vectors), megabytes(copyOnWrite), share, share < 1 ? "met" : "not met"));
    }

    private static long bytesOf(List<Cell> cells, boolean deletionVectors, int modulus, String statement)
    {
        return cells.stream()
                .filter(cell -> cell.deletionVectors() == deletionVectors && cell.modulus() == modulus && cell.statement().equals(statement))
                .mapToLong(Cell::oursBytes)
                .findFirst().orElse(0);
    }

    private static String describe(Cell cell)
    {
        return "%s, %s, %s: ours %s ms, theirs %s ms; written ours %.2f MB, theirs %.2f MB".formatted(
                cell.deletionVectors() ? "deletion vectors" : "copy on write", fraction(cell.modulus()), cell.statement(), cell.oursMillis(), cell.theirsMillis(), megabytes(cell.oursBytes()), megabytes(cell.theirsBytes()));
    }

    private static String fraction(int modulus)
    {
        return "%s%%".formatted(modulus == 1000 ? "0.1" : String.valueOf(100 / modulus));
    }
}
