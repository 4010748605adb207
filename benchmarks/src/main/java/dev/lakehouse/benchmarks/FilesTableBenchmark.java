package dev.lakehouse.benchmarks;

import java.io.BufferedWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.lakehouse.benchmarks.BenchmarkQueries.run;
import static dev.lakehouse.benchmarks.BenchmarkQueries.waitForWorkers;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * {@code "t$files"} of a table of many files (issue 11's goal: 100,000 files in under a second): writes a Delta table
 * whose one commit adds that many files (statistics for two columns in each), registers it, and times the first scan
 * of its files, then rounds of a full scan, a lookup by path and a scan with {@code version_added}, printing each round.
 */
public final class FilesTableBenchmark
{
    private static final String SCHEMA = "files_benchmark";
    private static final String TABLE = "many_files";

    private FilesTableBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        URI server = URI.create(args[0]);
        Path tableLocation = Path.of(args[1]).toAbsolutePath();
        int fileCount = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Path output = Path.of(args[4]);

        System.out.printf("writing a commit of %,d files to %s%n", fileCount, tableLocation);
        long commitBytes = writeTable(tableLocation, fileCount);
        String files = "lakehouse.%s.\"%s$files\"".formatted(SCHEMA, TABLE);
        List<String> queries = List.of(
                "SELECT count(*), sum(file_size_in_bytes), max(max_values['id']) FROM " + files,
                "SELECT path, record_count FROM %s WHERE path = 'part-%06d.parquet'".formatted(files, fileCount / 2),
                "SELECT count(*), max(version_added) FROM " + files);
        List<String> report = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:trino://%s:%s?user=benchmark".formatted(server.getHost(), server.getPort()));
                Statement statement = connection.createStatement()) {
            waitForWorkers(connection, List.of("lakehouse"));
            statement.execute("CREATE SCHEMA IF NOT EXISTS lakehouse." + SCHEMA);
            statement.execute("CALL lakehouse.system.register_table(schema_name => '%s', table_name => '%s', table_location => '%s')".formatted(SCHEMA, TABLE, tableLocation.toUri()));
            long first = run(connection, server, queries.getFirst()).wallMillis();
            System.out.printf("first scan of the files (loads the snapshot): %,d ms%n", first);
            List<List<Long>> times = new ArrayList<>();
            queries.forEach(_ -> times.add(new ArrayList<>()));
            for (int round = 0; round < rounds; round++) {
                List<String> line = new ArrayList<>();
                for (int query = 0; query < queries.size(); query++) {
                    long millis = run(connection, server, queries.get(query)).wallMillis();
                    times.get(query).add(millis);
                    line.add(millis + " ms");
                }
                System.out.printf("round %d of %d: %s%n", round + 1, rounds, String.join(", ", line));
            }
            report.add("%,d files in one commit of %,d bytes; first scan after registering: %,d ms.".formatted(fileCount, commitBytes, first));
            report.add("");
            report.add("| query | runs (ms) | median ms | max ms |");
            report.add("| --- | --- | ---: | ---: |");
            for (int query = 0; query < queries.size(); query++) {
                List<Long> sorted = times.get(query).stream().sorted().toList();
                report.add("| `%s` | %s | %d | %d |".formatted(queries.get(query), times.get(query), sorted.get(sorted.size() / 2), sorted.getLast()));
            }
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.write(output, report, UTF_8);
        report.forEach(System.out::println);
    }

    private static long writeTable(Path location, int fileCount)
            throws Exception
    {
        Path log = location.resolve("_delta_log");
        Files.createDirectories(log);
        Path commit = log.resolve("%020d.json".formatted(0));
        String schema = "{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"long\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}," +
                "{\\\"name\\\":\\\"name\\\",\\\"type\\\":\\\"string\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}]}";
        long now = System.currentTimeMillis();
        try (BufferedWriter writer = Files.newBufferedWriter(commit, UTF_8)) {
            writer.write("{\"commitInfo\":{\"timestamp\":%d,\"operation\":\"WRITE\",\"operationParameters\":{}}}\n".formatted(now));
            writer.write("{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}\n");
            writer.write("{\"metaData\":{\"id\":\"%s\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":\"%s\",\"partitionColumns\":[],\"configuration\":{},\"createdTime\":%d}}\n"
                    .formatted(UUID.randomUUID(), schema, now));
            for (int file = 0; file < fileCount; file++) {
                String stats = "{\\\"numRecords\\\":10,\\\"minValues\\\":{\\\"id\\\":%d,\\\"name\\\":\\\"a%d\\\"},\\\"maxValues\\\":{\\\"id\\\":%d,\\\"name\\\":\\\"z%d\\\"},\\\"nullCount\\\":{\\\"id\\\":0,\\\"name\\\":0}}"
                        .formatted(file * 10L, file, file * 10L + 9, file);
                writer.write("{\"add\":{\"path\":\"part-%06d.parquet\",\"partitionValues\":{},\"size\":%d,\"modificationTime\":%d,\"dataChange\":true,\"stats\":\"%s\"}}\n"
                        .formatted(file, 1000 + file % 1000, now, stats));
            }
        }
        return Files.size(commit);
    }
}
