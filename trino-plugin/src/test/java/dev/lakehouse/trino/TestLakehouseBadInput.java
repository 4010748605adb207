package dev.lakehouse.trino;

import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broken tables and bad statements fail with errors that say what is wrong, and never lose committed data.
 */
final class TestLakehouseBadInput
        extends AbstractTestQueryFramework
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-bad-input");
        return LakehouseQueryRunner.builder().setWarehouse(warehouse).setWorkerCount(0).build();
    }

    @Test
    void testCorruptCommitFile()
            throws IOException
    {
        createTableWithTwoInserts("corrupt_log");
        Path lastCommit = logDirectory("corrupt_log").resolve("00000000000000000002.json");
        String content = Files.readString(lastCommit);
        Files.writeString(lastCommit, content.substring(0, content.length() / 2));

        assertThat(query("SELECT * FROM corrupt_log"))
                .failure().hasMessageContaining("00000000000000000002.json contains a line that is not valid JSON");
        // the versions before the damage are still readable
        assertThat(query("SELECT * FROM corrupt_log FOR VERSION AS OF 1")).matches("VALUES 1");
    }

    @Test
    void testMissingCommitFile()
            throws IOException
    {
        createTableWithTwoInserts("missing_commit");
        Files.delete(logDirectory("missing_commit").resolve("00000000000000000001.json"));
        assertThat(query("SELECT * FROM missing_commit"))
                .failure().hasMessageContaining("commit file 00000000000000000001.json is missing and no checkpoint covers it");
    }

    @Test
    void testMissingDataFile()
            throws IOException
    {
        createTableWithTwoInserts("missing_data");
        Path dataFile;
        try (Stream<Path> files = Files.list(warehouse.resolve("tpch/missing_data"))) {
            dataFile = files.filter(path -> path.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Files.delete(dataFile);
        assertThat(query("SELECT * FROM missing_data"))
                .failure().hasMessageMatching("(?s)Data file .*" + dataFile.getFileName() + " is listed in the transaction log but does not exist.*");
    }

    @Test
    void testUnknownReaderFeature()
            throws IOException
    {
        writeTable("future_reader", "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":[\"futureReaderFeature\"],\"writerFeatures\":[\"futureReaderFeature\"]}}");
        assertThat(query("SELECT * FROM future_reader"))
                .failure().hasMessageContaining("uses the Delta reader table features [futureReaderFeature], which this connector does not support");
    }

    @Test
    void testUnknownWriterFeature()
            throws IOException
    {
        writeTable("future_writer", "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":7,\"writerFeatures\":[\"futureWriterFeature\"]}}");
        assertThat(query("SELECT count(*) FROM future_writer")).matches("VALUES BIGINT '0'");
        assertThat(query("INSERT INTO future_writer VALUES 1"))
                .failure().hasMessageContaining("uses the Delta writer table features [futureWriterFeature], which this connector cannot write");
        assertThat(query("SELECT count(*) FROM future_writer")).matches("VALUES BIGINT '0'");
    }

    @Test
    void testUnsupportedReaderVersion()
            throws IOException
    {
        writeTable("reader_version_9", "{\"protocol\":{\"minReaderVersion\":9,\"minWriterVersion\":9}}");
        assertThat(query("SELECT * FROM reader_version_9"))
                .failure().hasMessageContaining("requires Delta reader version 9, but this connector reads up to version 3");
    }

    @Test
    void testInvalidTableProperties()
    {
        assertThat(query("CREATE TABLE bad_partition (a integer, b integer) WITH (partitioned_by = ARRAY['c'])"))
                .failure().hasMessageContaining("partitioned_by names column 'c', which the table does not have");
        assertThat(query("CREATE TABLE all_partitioned (a integer) WITH (partitioned_by = ARRAY['a'])"))
                .failure().hasMessageContaining("partitioned_by cannot list every column");
        assertThat(query("CREATE TABLE complex_partition (a integer, b array(integer)) WITH (partitioned_by = ARRAY['b'])"))
                .failure().hasMessageContaining("Column 'b' of type array(integer) cannot be a partition column");
        assertThat(query("CREATE TABLE bad_interval (a integer) WITH (checkpoint_interval = 0)"))
                .failure().hasMessageContaining("checkpoint_interval must be a positive number of commits, but was 0");
        assertThat(query("CREATE TABLE bad_type (a time)"))
                .failure().hasMessageContaining("Column 'a' has type time(3), which is not supported by lakehouse tables");
        assertThat(query("CREATE TABLE bad_timestamp (a timestamp(3))"))
                .failure().hasMessageContaining("Column 'a' has type timestamp(3), which is not supported by lakehouse tables; use timestamp(6)");
        assertThat(computeActual("SHOW TABLES LIKE 'bad%'").getRowCount()).isZero();
    }

    @Test
    void testFailedWriteLeavesTableUnchanged()
            throws IOException
    {
        createTableWithTwoInserts("failed_write");
        List<String> logBefore = logFiles("failed_write");
        assertThat(query("INSERT INTO failed_write SELECT CAST(orderkey / (orderkey - 7) AS integer) FROM tpch.tiny.orders"))
                .failure().hasMessageContaining("Division by zero");
        assertThat(logFiles("failed_write")).isEqualTo(logBefore);
        assertThat(query("SELECT * FROM failed_write")).matches("VALUES 1, 2");
    }

    @Test
    void testTableRecreatedOutsideTrino()
            throws IOException
    {
        createTableWithTwoInserts("recreated");
        assertThat(query("SELECT * FROM recreated")).matches("VALUES 1, 2");
        // another tool deletes the folder and writes a new table in its place
        deleteRecursively(warehouse.resolve("tpch/recreated"));
        assertUpdate("CREATE TABLE recreated AS SELECT 42 AS x", 1);
        assertThat(query("SELECT * FROM recreated")).matches("VALUES 42");
    }

    private static void deleteRecursively(Path directory)
            throws IOException
    {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private void createTableWithTwoInserts(String table)
    {
        assertUpdate("CREATE TABLE " + table + " (x integer)");
        assertUpdate("INSERT INTO " + table + " VALUES 1", 1);
        assertUpdate("INSERT INTO " + table + " VALUES 2", 1);
    }

    private Path logDirectory(String table)
    {
        return warehouse.resolve("tpch").resolve(table).resolve("_delta_log");
    }

    private List<String> logFiles(String table)
            throws IOException
    {
        try (Stream<Path> files = Files.list(logDirectory(table))) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * A table written by hand: the given protocol plus a one-column schema, as another engine could leave it.
     */
    private void writeTable(String table, String protocol)
            throws IOException
    {
        Path log = logDirectory(table);
        Files.createDirectories(log);
        String metadata = "{\"metaData\":{\"id\":\"" + table + "\",\"format\":{\"provider\":\"parquet\",\"options\":{}}," +
                "\"schemaString\":\"{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"x\\\",\\\"type\\\":\\\"integer\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}]}\"," +
                "\"partitionColumns\":[],\"configuration\":{}}}";
        try {
            Files.writeString(log.resolve("00000000000000000000.json"), protocol + "\n" + metadata + "\n", UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
