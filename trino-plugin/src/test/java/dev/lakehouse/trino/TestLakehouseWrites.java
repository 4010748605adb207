package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trino.Session;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What writes leave on storage: files near the target size, statistics for every column, a readable log.
 */
final class TestLakehouseWrites
        extends AbstractTestQueryFramework
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-writes");
        return LakehouseQueryRunner.builder().setWarehouse(warehouse).setWorkerCount(0).build();
    }

    @Test
    void testFilesRollOverAtTargetSize()
            throws IOException
    {
        Session smallFiles = Session.builder(getSession())
                .setCatalogSessionProperty(LakehouseQueryRunner.CATALOG, "target_file_size", "1MB")
                .setSystemProperty("task_min_writer_count", "1")
                .setSystemProperty("task_max_writer_count", "1")
                .setSystemProperty("scale_writers", "false")
                .build();
        assertUpdate(smallFiles, "CREATE TABLE rolled AS SELECT * FROM tpch.sf1.orders", 1_500_000);
        List<JsonNode> adds = addActions("rolled");
        assertThat(adds).hasSizeGreaterThan(10);
        // the first file closes on an estimate that counts buffered pages before compression; the writer learns
        // the compression ratio from it, so the files after it come out near the target
        List<Long> laterSizes = adds.stream().map(add -> add.get("size").asLong()).sorted().toList().subList(1, adds.size() - 1);
        long median = laterSizes.get(laterSizes.size() / 2);
        assertThat(median).isBetween(800_000L, 1_300_000L);
        assertThat(adds.stream().mapToLong(add -> statistics(add).get("numRecords").asLong()).sum()).isEqualTo(1_500_000);
        assertQuery("SELECT count(*), sum(totalprice) FROM rolled", "VALUES (1500000, 226829357828.867)");
    }

    @Test
    void testStatisticsForEveryColumn()
            throws IOException
    {
        assertUpdate("CREATE TABLE with_stats AS SELECT orderkey, custkey, orderstatus, totalprice, orderdate, CAST(NULL AS varchar) AS always_null, ARRAY[orderkey] AS keys FROM tpch.tiny.orders", 15000);
        JsonNode stats = statistics(addActions("with_stats").getFirst());
        assertThat(stats.get("numRecords").asLong()).isPositive();
        for (String column : List.of("orderkey", "custkey", "orderstatus", "totalprice", "orderdate")) {
            assertThat(stats.get("minValues").has(column)).as("min of %s", column).isTrue();
            assertThat(stats.get("maxValues").has(column)).as("max of %s", column).isTrue();
        }
        for (String column : List.of("orderkey", "custkey", "orderstatus", "totalprice", "orderdate", "always_null", "keys")) {
            assertThat(stats.get("nullCount").has(column)).as("null count of %s", column).isTrue();
        }
        assertThat(stats.get("nullCount").get("always_null").asLong()).isEqualTo(stats.get("numRecords").asLong());
        assertThat(stats.get("minValues").get("orderdate").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
    }

    @Test
    void testCompressionCodecs()
            throws IOException
    {
        for (String codec : List.of("NONE", "SNAPPY", "GZIP", "ZSTD")) {
            Session session = Session.builder(getSession())
                    .setCatalogSessionProperty(LakehouseQueryRunner.CATALOG, "compression_codec", codec)
                    .setCatalogSessionProperty(LakehouseQueryRunner.CATALOG, "small_write_compression_codec", codec)
                    .build();
            String table = "compressed_" + codec.toLowerCase(java.util.Locale.ENGLISH);
            assertUpdate(session, "CREATE TABLE %s AS SELECT * FROM tpch.tiny.orders".formatted(table), 15000);
            assertQuery("SELECT count(*) FROM (SELECT * FROM %s EXCEPT SELECT * FROM tpch.tiny.orders)".formatted(table), "VALUES 0");
            String suffix = switch (codec) {
                case "NONE" -> "-0.parquet";
                case "SNAPPY" -> ".snappy.parquet";
                case "GZIP" -> ".gz.parquet";
                default -> ".zstd.parquet";
            };
            assertThat(addActions(table)).allSatisfy(add -> assertThat(add.get("path").asText()).endsWith(suffix));
            assertThat(codecsOfFiles(table)).containsOnly(CompressionCodecName.valueOf(codec.equals("NONE") ? "UNCOMPRESSED" : codec));
        }
        long uncompressed = addActions("compressed_none").stream().mapToLong(add -> add.get("size").asLong()).sum();
        long zstd = addActions("compressed_zstd").stream().mapToLong(add -> add.get("size").asLong()).sum();
        assertThat(zstd).isLessThan(uncompressed / 2);
    }

    @Test
    void testSmallWritesAreCompressedForCheapReading()
            throws IOException
    {
        // by default: ZSTD for a write of several MB, Snappy for a small commit (whose small pages ZSTD reads slowly)
        assertUpdate("CREATE TABLE codec_by_size AS SELECT * FROM tpch.tiny.lineitem", 60175);
        List<String> largeWriteFiles = addActions("codec_by_size").stream().map(add -> add.get("path").asText()).toList();
        assertThat(largeWriteFiles).isNotEmpty().allSatisfy(path -> assertThat(path).endsWith(".zstd.parquet"));
        assertThat(codecsOfFiles("codec_by_size")).containsOnly(CompressionCodecName.ZSTD);

        assertUpdate("INSERT INTO codec_by_size SELECT * FROM tpch.tiny.lineitem WHERE orderkey < 100", (long) computeScalar("SELECT count(*) FROM tpch.tiny.lineitem WHERE orderkey < 100"));
        List<String> smallWriteFiles = addActions("codec_by_size").stream().map(add -> add.get("path").asText()).filter(path -> !largeWriteFiles.contains(path)).toList();
        assertThat(smallWriteFiles).isNotEmpty().allSatisfy(path -> assertThat(path).endsWith(".snappy.parquet"));
        assertThat(codecsOfFiles("codec_by_size")).containsOnly(CompressionCodecName.ZSTD, CompressionCodecName.SNAPPY);
        assertThat(computeActual("SELECT count(*), sum(quantity), sum(orderkey * linenumber), sum(length(comment)) FROM codec_by_size").getMaterializedRows())
                .isEqualTo(computeActual("SELECT count(*), sum(quantity), sum(orderkey * linenumber), sum(length(comment)) FROM "
                        + "(SELECT * FROM tpch.tiny.lineitem UNION ALL SELECT * FROM tpch.tiny.lineitem WHERE orderkey < 100)").getMaterializedRows());

        // the codec of small writes is a setting of its own
        Session zstdForSmallWrites = Session.builder(getSession())
                .setCatalogSessionProperty(LakehouseQueryRunner.CATALOG, "small_write_compression_codec", "ZSTD")
                .build();
        assertUpdate(zstdForSmallWrites, "CREATE TABLE small_write_zstd AS SELECT * FROM tpch.tiny.nation", 25);
        assertThat(codecsOfFiles("small_write_zstd")).containsOnly(CompressionCodecName.ZSTD);
        assertUpdate("CREATE TABLE small_write_default AS SELECT * FROM tpch.tiny.nation", 25);
        assertThat(codecsOfFiles("small_write_default")).containsOnly(CompressionCodecName.SNAPPY);
    }

    /** The codecs of every column chunk of the table's files, from the files' Parquet footers. */
    private Set<CompressionCodecName> codecsOfFiles(String table)
            throws IOException
    {
        Set<CompressionCodecName> codecs = new HashSet<>();
        for (JsonNode add : addActions(table)) {
            ParquetFooters.read(warehouse.resolve("tpch").resolve(table).resolve(add.get("path").asText()))
                    .getBlocks().forEach(rowGroup -> rowGroup.columns().forEach(column -> codecs.add(column.getCodec())));
        }
        return codecs;
    }

    private List<JsonNode> addActions(String table)
            throws IOException
    {
        List<JsonNode> adds = new ArrayList<>();
        try (Stream<Path> commits = Files.list(warehouse.resolve("tpch").resolve(table).resolve("_delta_log"))) {
            for (Path commit : commits.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                for (String line : Files.readAllLines(commit)) {
                    JsonNode action = MAPPER.readTree(line);
                    if (action.has("add")) {
                        adds.add(action.get("add"));
                    }
                }
            }
        }
        return adds;
    }

    @Test
    void testRetriedWriteOfAnApplicationIsSkipped()
            throws IOException
    {
        assertUpdate("CREATE TABLE idempotent (id bigint, v varchar)");
        Session firstRun = application("nightly-load", 1);
        assertUpdate(firstRun, "INSERT INTO idempotent VALUES (1, 'a'), (2, 'b')", 2);
        Path table = warehouse.resolve("tpch").resolve("idempotent");
        long committed = TableLogFiles.latestVersion(table);
        JsonNode txn = TableLogFiles.commitActions(table, committed).stream().filter(action -> action.has("txn")).findFirst().orElseThrow().get("txn");
        assertThat(txn.get("appId").asText()).isEqualTo("nightly-load");
        assertThat(txn.get("version").asLong()).isEqualTo(1);

        // the same job run again (its INSERT and its MERGE) commits nothing: no row twice, no new version
        assertUpdate(firstRun, "INSERT INTO idempotent VALUES (1, 'a'), (2, 'b')", 2);
        assertUpdate(firstRun, "MERGE INTO idempotent t USING (VALUES 3) s(id) ON t.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (s.id, 'c')", 1);
        assertThat(TableLogFiles.latestVersion(table)).isEqualTo(committed);
        assertQuery("SELECT count(*) FROM idempotent", "VALUES 2");

        // its next version, or another application, writes
        assertUpdate(application("nightly-load", 2), "INSERT INTO idempotent VALUES (3, 'c')", 1);
        assertUpdate(application("hourly-load", 1), "INSERT INTO idempotent VALUES (4, 'd')", 1);
        assertQuery("SELECT count(*) FROM idempotent", "VALUES 4");

        assertQueryFails(Session.builder(getSession()).setCatalogSessionProperty("lakehouse", "write_application_id", "half").build(),
                "INSERT INTO idempotent VALUES (5, 'e')", ".*need both write_application_id and write_application_version; set write_application_version too.*");
    }

    private Session application(String applicationId, long version)
    {
        return Session.builder(getSession())
                .setCatalogSessionProperty("lakehouse", "write_application_id", applicationId)
                .setCatalogSessionProperty("lakehouse", "write_application_version", String.valueOf(version))
                .build();
    }

    private static JsonNode statistics(JsonNode add)
    {
        try {
            return MAPPER.readTree(add.get("stats").asText());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
