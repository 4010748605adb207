package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import io.trino.Session;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ALTER TABLE ... EXECUTE optimize}: small files become few large ones, rows stay exactly the same, and the
 * commit is a {@code dataChange=false} rewrite that concurrent appends do not conflict with.
 */
final class TestLakehouseOptimize
        extends AbstractTestQueryFramework
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-optimize");
        return LakehouseQueryRunner.builder().setWarehouse(warehouse).setWorkerCount(0).build();
    }

    @Test
    void testOptimizeCompactsSmallFilesAndKeepsRows()
            throws IOException
    {
        assertUpdate("CREATE TABLE small_files (orderkey bigint, custkey bigint, orderstatus varchar, totalprice double, orderdate date)");
        for (int slice = 0; slice < 6; slice++) {
            assertUpdate("INSERT INTO small_files SELECT orderkey, custkey, orderstatus, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey %% 6 = %s".formatted(slice), "SELECT count(*) FROM orders WHERE orderkey %% 6 = %s".formatted(slice));
        }
        List<JsonNode> before = activeFiles("small_files");
        assertThat(before).hasSize(6);
        long versionBefore = latestVersion("small_files");

        // one writer: with more, each writes its own file
        assertUpdate(singleWriter(), "ALTER TABLE small_files EXECUTE optimize");

        List<JsonNode> after = activeFiles("small_files");
        assertThat(after).hasSize(1);
        assertThat(after.getFirst().get("size").asLong()).isLessThan(sizeOf(before));
        assertQuery("SELECT * FROM small_files", "SELECT orderkey, custkey, orderstatus, totalprice, orderdate FROM orders");
        // the old files are still there for time travel
        assertQuery("SELECT * FROM small_files FOR VERSION AS OF " + versionBefore, "SELECT orderkey, custkey, orderstatus, totalprice, orderdate FROM orders");

        List<JsonNode> commit = commitActions("small_files", versionBefore + 1);
        assertThat(commit.stream().filter(action -> action.has("remove")).map(action -> action.get("remove")))
                .hasSize(6)
                .allSatisfy(remove -> assertThat(remove.get("dataChange").asBoolean()).isFalse());
        assertThat(commit.stream().filter(action -> action.has("add")).map(action -> action.get("add")))
                .hasSize(1)
                .allSatisfy(add -> assertThat(add.get("dataChange").asBoolean()).isFalse());
        assertThat(commit.stream().filter(action -> action.has("commitInfo")).findFirst().orElseThrow().get("commitInfo").get("operation").asText())
                .isEqualTo("OPTIMIZE");

        // nothing left to compact: no new version
        assertUpdate("ALTER TABLE small_files EXECUTE optimize");
        assertThat(latestVersion("small_files")).isEqualTo(versionBefore + 1);
    }

    @Test
    void testOptimizeWorksPerPartitionAndHonoursWhere()
            throws IOException
    {
        assertUpdate("CREATE TABLE partitioned_small_files WITH (partitioned_by = ARRAY['orderstatus']) AS SELECT orderkey, totalprice, orderstatus FROM tpch.tiny.orders WHERE orderkey % 3 = 0", "SELECT count(*) FROM orders WHERE orderkey % 3 = 0");
        assertUpdate("INSERT INTO partitioned_small_files SELECT orderkey, totalprice, orderstatus FROM tpch.tiny.orders WHERE orderkey % 3 = 1", "SELECT count(*) FROM orders WHERE orderkey % 3 = 1");
        assertUpdate("INSERT INTO partitioned_small_files SELECT orderkey, totalprice, orderstatus FROM tpch.tiny.orders WHERE orderkey % 3 = 2", "SELECT count(*) FROM orders WHERE orderkey % 3 = 2");
        assertThat(filesPerPartition("partitioned_small_files")).containsOnlyKeys("F", "O", "P").allSatisfy((_, files) -> assertThat(files).isEqualTo(3));

        assertUpdate("ALTER TABLE partitioned_small_files EXECUTE optimize WHERE orderstatus = 'F'");
        assertThat(filesPerPartition("partitioned_small_files")).containsExactlyInAnyOrderEntriesOf(Map.of("F", 1, "O", 3, "P", 3));

        assertUpdate("ALTER TABLE partitioned_small_files EXECUTE optimize");
        assertThat(filesPerPartition("partitioned_small_files")).containsExactlyInAnyOrderEntriesOf(Map.of("F", 1, "O", 1, "P", 1));
        assertQuery("SELECT * FROM partitioned_small_files", "SELECT orderkey, totalprice, orderstatus FROM orders");
        assertQuery("SELECT orderstatus, count(*) FROM partitioned_small_files GROUP BY orderstatus", "SELECT orderstatus, count(*) FROM orders GROUP BY orderstatus");
    }

    @Test
    void testWhereOnDataColumnChoosesFilesAndRewritesThemWhole()
            throws IOException
    {
        // six files, each a range of 10,000 order keys
        assertUpdate("CREATE TABLE key_ranges (orderkey bigint, totalprice double)");
        for (int slice = 0; slice < 6; slice++) {
            String range = "orderkey > %s AND orderkey <= %s".formatted(slice * 10_000, (slice + 1) * 10_000);
            assertUpdate("INSERT INTO key_ranges SELECT orderkey, totalprice FROM tpch.tiny.orders WHERE " + range, "SELECT count(*) FROM orders WHERE " + range);
        }
        assertThat(activeFiles("key_ranges")).hasSize(6);

        // only the first two files can hold keys up to 20,000: they become one, with all their rows, not only those
        assertUpdate(singleWriter(), "ALTER TABLE key_ranges EXECUTE optimize WHERE orderkey <= 15000");
        assertThat(activeFiles("key_ranges")).hasSize(5);
        assertQuery("SELECT count(*), sum(orderkey), sum(totalprice) FROM key_ranges", "SELECT count(*), sum(orderkey), sum(totalprice) FROM orders");
        // the same predicate in an ordinary query of the same table filters rows again
        assertQuery("SELECT count(*) FROM key_ranges WHERE orderkey <= 15000", "SELECT count(*) FROM orders WHERE orderkey <= 15000");

        // cluster too: only the last file holds keys above 50,000
        long version = latestVersion("key_ranges");
        assertUpdate(singleWriter(), "ALTER TABLE key_ranges EXECUTE cluster(columns => ARRAY['totalprice']) WHERE orderkey > 55000");
        assertThat(latestVersion("key_ranges")).isEqualTo(version + 1);
        List<String> rewritten = TableLogFiles.commitActions(warehouse.resolve("tpch/key_ranges"), version + 1).stream()
                .filter(action -> action.has("remove"))
                .map(action -> action.get("remove").get("path").asText())
                .toList();
        assertThat(rewritten).hasSize(1);
        assertQuery("SELECT count(*), sum(orderkey), sum(totalprice) FROM key_ranges", "SELECT count(*), sum(orderkey), sum(totalprice) FROM orders");
    }

    @Test
    void testFilesAboveThresholdAreLeftAlone()
            throws IOException
    {
        assertUpdate("CREATE TABLE threshold AS SELECT orderkey, comment FROM tpch.tiny.orders", 15000);
        assertUpdate("INSERT INTO threshold SELECT orderkey, comment FROM tpch.tiny.orders WHERE orderkey < 100", "SELECT count(*) FROM orders WHERE orderkey < 100");
        long version = latestVersion("threshold");
        // the first file is far above 10kB: only one small file is left, and a lone file is not rewritten
        assertUpdate("ALTER TABLE threshold EXECUTE optimize(file_size_threshold => '10kB')");
        assertThat(latestVersion("threshold")).isEqualTo(version);
        assertUpdate(singleWriter(), "ALTER TABLE threshold EXECUTE optimize(file_size_threshold => '1GB')");
        assertThat(activeFiles("threshold")).hasSize(1);
        assertQuery("SELECT count(*), count(DISTINCT orderkey) FROM threshold", "SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM orders WHERE orderkey < 100), (SELECT count(*) FROM orders)");
    }

    @Test
    void testBadArguments()
    {
        assertUpdate("CREATE TABLE bad_arguments WITH (partitioned_by = ARRAY['part']) AS SELECT orderkey, orderkey % 2 AS part FROM tpch.tiny.orders", 15000);
        assertQueryFails("ALTER TABLE bad_arguments EXECUTE optimize(file_size_threshold => '0B')", ".*file_size_threshold must be positive.*");
        assertQueryFails("ALTER TABLE bad_arguments EXECUTE optimize(no_such_argument => 1)", ".*no_such_argument.*");
        // the WHERE chooses files from their statistics: an expression that is not a range of values cannot
        assertQueryFails("ALTER TABLE bad_arguments EXECUTE optimize WHERE orderkey % 7 = 1", ".*chooses files by the min/max statistics of their columns.*");
        assertQueryFails("ALTER TABLE bad_arguments EXECUTE no_such_procedure", ".*(no_such_procedure|NO_SUCH_PROCEDURE).*");
    }

    @Test
    void testConcurrentInsertsAreNotLost()
            throws Exception
    {
        assertUpdate("CREATE TABLE racing_optimize (id bigint, round integer) WITH (checkpoint_interval = 1000)");
        int rounds = 12;
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            Future<?> inserts = executor.submit(() -> {
                for (int round = 0; round < rounds; round++) {
                    getQueryRunner().execute("INSERT INTO racing_optimize SELECT orderkey, %s FROM tpch.tiny.orders WHERE orderkey < 200".formatted(round));
                }
            });
            Future<?> optimizes = executor.submit(() -> {
                while (!inserts.isDone()) {
                    getQueryRunner().execute("ALTER TABLE racing_optimize EXECUTE optimize");
                }
            });
            inserts.get(5, MINUTES);
            optimizes.get(5, MINUTES);
        }
        finally {
            executor.shutdownNow();
        }
        long perRound = (long) computeScalar("SELECT count(*) FROM tpch.tiny.orders WHERE orderkey < 200");
        assertQuery("SELECT count(*), count(DISTINCT (id, round)) FROM racing_optimize", "SELECT %s, %s".formatted(perRound * rounds, perRound * rounds));
        List<Long> rewriteCommits = new ArrayList<>();
        for (long version = 1; version <= latestVersion("racing_optimize"); version++) {
            if (commitActions("racing_optimize", version).stream().anyMatch(action -> action.has("commitInfo") && action.get("commitInfo").get("operation").asText().equals("OPTIMIZE"))) {
                rewriteCommits.add(version);
            }
        }
        assertThat(rewriteCommits).isNotEmpty();
    }

    private Session singleWriter()
    {
        return Session.builder(getSession()).setSystemProperty("task_max_writer_count", "1").build();
    }

    private Map<String, Integer> filesPerPartition(String table)
            throws IOException
    {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (JsonNode file : activeFiles(table)) {
            counts.merge(file.get("partitionValues").get("orderstatus").asText(), 1, Integer::sum);
        }
        return counts;
    }

    private static long sizeOf(List<JsonNode> files)
    {
        return files.stream().mapToLong(file -> file.get("size").asLong()).sum();
    }

    private List<JsonNode> activeFiles(String table)
            throws IOException
    {
        return TableLogFiles.activeFiles(tableDirectory(table));
    }

    private List<JsonNode> commitActions(String table, long version)
            throws IOException
    {
        return TableLogFiles.commitActions(tableDirectory(table), version);
    }

    private long latestVersion(String table)
            throws IOException
    {
        return TableLogFiles.latestVersion(tableDirectory(table));
    }

    private Path tableDirectory(String table)
    {
        return warehouse.resolve("tpch").resolve(table);
    }
}
