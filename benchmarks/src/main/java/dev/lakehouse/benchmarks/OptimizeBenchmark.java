package dev.lakehouse.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.lakehouse.benchmarks.BenchmarkQueries.megabytes;
import static dev.lakehouse.benchmarks.BenchmarkQueries.ratio;
import static dev.lakehouse.benchmarks.BenchmarkQueries.timed;
import static dev.lakehouse.benchmarks.BenchmarkQueries.waitForWorkers;

/**
 * Compaction side by side: two copies of the same small files, one optimized by this connector, the other registered
 * in and optimized by Trino's Delta Lake connector, both on the same local S3 endpoint (Trino's Delta Lake connector
 * writes only where it can commit safely, which a local file system is not); timed, with the files before and after
 * and a check that both tables still hold the same rows.
 * <p>
 * Usage: {@code OptimizeBenchmark <server-uri> <rows> <small-file-size> <output.md>}
 */
public final class OptimizeBenchmark
{
    private static final String OURS = "lakehouse_s3";
    private static final String THEIRS = "delta_s3";
    private static final String SCHEMA = "bench";
    private static final String TABLE = "small_files";
    private static final String DELTA_COPY = "small_files_for_delta";
    private static final String ROW_COLUMNS = "orderkey, partkey, suppkey, shipdate, receiptdate, quantity, extendedprice";
    private static final String TARGET_FILE_SIZE = "128MB";

    private OptimizeBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        String server = args[0];
        long rows = Long.parseLong(args[1]);
        String smallFileSize = args[2];
        Path output = Path.of(args[3]);
        String tpchSchema = rows <= 6_000_000 ? "sf1" : rows <= 59_000_000 ? "sf10" : "sf100";

        List<String> report = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:trino://" + server.replaceFirst("^https?://", "") + "?user=benchmark");
                Statement statement = connection.createStatement()) {
            waitForWorkers(connection, List.of(OURS, THEIRS));
            for (String catalog : List.of(OURS, THEIRS)) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS %s.%s".formatted(catalog, SCHEMA));
            }
            // both optimize the same small files: two copies written alike, the second registered in Trino's Delta Lake connector
            statement.execute("SET SESSION %s.target_file_size = '%s'".formatted(OURS, smallFileSize));
            long load = timed(statement, "CREATE TABLE %s.%s.%s AS SELECT %s FROM tpch.%s.lineitem LIMIT %d".formatted(OURS, SCHEMA, TABLE, ROW_COLUMNS, tpchSchema, rows));
            statement.execute("CREATE TABLE %s.%s.%s AS SELECT * FROM %s.%s.%s".formatted(OURS, SCHEMA, DELTA_COPY, OURS, SCHEMA, TABLE));
            statement.execute("CALL %s.system.register_table(schema_name => '%s', table_name => '%s', table_location => 's3://bench/lakehouse/%s/%s')".formatted(THEIRS, SCHEMA, TABLE, SCHEMA, DELTA_COPY));
            ActiveFiles files = new ActiveFiles(statement);
            FileCount oursBefore = files.ours();
            FileCount theirsBefore = files.theirs();
            String checksumBefore = checksum(statement, OURS);
            boolean sameRowsBefore = checksumBefore.equals(checksum(statement, THEIRS));

            statement.execute("SET SESSION %s.target_file_size = '%s'".formatted(OURS, TARGET_FILE_SIZE));
            statement.execute("SET SESSION %s.target_max_file_size = '%s'".formatted(THEIRS, TARGET_FILE_SIZE));
            String optimize = "ALTER TABLE %s.%s.%s EXECUTE optimize(file_size_threshold => '" + TARGET_FILE_SIZE + "')";
            long oursOptimize = timed(statement, optimize.formatted(OURS, SCHEMA, TABLE));
            long theirsOptimize = timed(statement, optimize.formatted(THEIRS, SCHEMA, TABLE));
            FileCount oursAfter = files.ours();
            FileCount theirsAfter = files.theirs();
            boolean sameRowsAfter = checksumBefore.equals(checksum(statement, OURS)) && checksumBefore.equals(checksum(statement, THEIRS));

            report.add("%,d rows of `tpch.%s.lineitem` (%s) written by this connector as files of `%s` (%d ms), twice; the second copy registered in Trino's Delta Lake connector, so both optimize the same files. Then `ALTER TABLE ... EXECUTE optimize(file_size_threshold => '%s')` with a target of %s on both (session `target_file_size` here, `target_max_file_size` there); both catalogs on one local S3 endpoint (s3proxy), one Trino 476 server, 2 cores."
                    .formatted(rows, tpchSchema, ROW_COLUMNS, smallFileSize, load, TARGET_FILE_SIZE, TARGET_FILE_SIZE));
            report.add("");
            report.add("| | ours | theirs | ratio |");
            report.add("| --- | ---: | ---: | ---: |");
            report.add("| files before | %d (%.2f MB on average) | %d (%.2f MB) | |".formatted(oursBefore.files(), oursBefore.averageMegabytes(), theirsBefore.files(), theirsBefore.averageMegabytes()));
            report.add("| optimize | %d ms | %d ms | %.2f |".formatted(oursOptimize, theirsOptimize, ratio(oursOptimize, theirsOptimize)));
            report.add("| files after | %d (%.1f MB on average) | %d (%.1f MB) | |".formatted(oursAfter.files(), oursAfter.averageMegabytes(), theirsAfter.files(), theirsAfter.averageMegabytes()));
            report.add("| same rows in both, before and after | %s | | |".formatted(sameRowsBefore && sameRowsAfter ? "yes" : "NO"));
        }
        String text = String.join("\n", report) + "\n";
        System.out.print(text);
        Files.writeString(output, text);
    }

    private record FileCount(long files, long bytes)
    {
        double averageMegabytes()
        {
            return files == 0 ? 0 : megabytes(bytes / files);
        }
    }

    /**
     * The active files of each copy: ours from its {@code $layout} table, theirs from its {@code $path} and
     * {@code $file_size} columns.
     */
    private record ActiveFiles(Statement statement)
    {
        FileCount ours()
                throws SQLException
        {
            return query("SELECT file_count, total_bytes FROM %s.%s.\"%s$layout\" LIMIT 1".formatted(OURS, SCHEMA, TABLE));
        }

        FileCount theirs()
                throws SQLException
        {
            return query("SELECT count(*), sum(size) FROM (SELECT DISTINCT \"$path\", \"$file_size\" AS size FROM %s.%s.%s)".formatted(THEIRS, SCHEMA, TABLE));
        }

        private FileCount query(String sql)
                throws SQLException
        {
            try (ResultSet result = statement.executeQuery(sql)) {
                result.next();
                return new FileCount(result.getLong(1), result.getLong(2));
            }
        }
    }

    private static String checksum(Statement statement, String catalog)
            throws SQLException
    {
        try (ResultSet result = statement.executeQuery("SELECT count(*), sum(orderkey), sum(partkey), sum(suppkey), sum(quantity), count(DISTINCT shipdate), max(receiptdate) FROM %s.%s.%s".formatted(catalog, SCHEMA, TABLE))) {
            result.next();
            StringBuilder text = new StringBuilder();
            for (int column = 1; column <= 7; column++) {
                text.append(result.getString(column)).append('|');
            }
            return text.toString();
        }
    }
}
