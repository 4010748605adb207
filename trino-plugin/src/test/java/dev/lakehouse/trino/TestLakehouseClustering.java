package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import io.trino.Session;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ALTER TABLE ... EXECUTE cluster}: rows sorted along a space-filling curve over several columns, so that
 * selective queries on any of them open few files; rows unchanged, the commit a {@code dataChange=false} rewrite.
 */
final class TestLakehouseClustering
        extends AbstractTestQueryFramework
{
    private static final String BOX_QUERY = "SELECT count(*), sum(quantity) FROM %s WHERE partkey BETWEEN 200 AND 600 AND suppkey BETWEEN 20 AND 40";

    private final CountingFileSystemFactory fileSystemFactory = new CountingFileSystemFactory();
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-clustering");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                .setWorkerCount(0)
                .setFileSystemModule(binder -> binder.bind(TrinoFileSystemFactory.class).toInstance(fileSystemFactory))
                .build();
    }

    @Test
    void testHilbertClusteringPrunesOnEveryColumn()
            throws IOException
    {
        createUnclusteredTable("hilbert_clustered");
        long filesBefore = activeFiles("hilbert_clustered").size();
        long openedBefore = dataFilesOpenedBy(BOX_QUERY.formatted("hilbert_clustered"), "hilbert_clustered");
        long partkeyOnlyBefore = dataFilesOpenedBy("SELECT count(*) FROM hilbert_clustered WHERE partkey BETWEEN 100 AND 300", "hilbert_clustered");
        long suppkeyOnlyBefore = dataFilesOpenedBy("SELECT count(*) FROM hilbert_clustered WHERE suppkey BETWEEN 10 AND 20", "hilbert_clustered");
        assertThat(openedBefore).isEqualTo(filesBefore);
        double partkeyDepthBefore = averageDepth("hilbert_clustered", "partkey");
        double suppkeyDepthBefore = averageDepth("hilbert_clustered", "suppkey");
        assertThat(computeScalar("SELECT clustered_bytes FROM \"hilbert_clustered$layout\" WHERE column_name = 'partkey'")).isEqualTo(0L);

        assertUpdate(smallFiles(), "ALTER TABLE hilbert_clustered EXECUTE cluster(columns => ARRAY['partkey', 'suppkey'])");

        List<JsonNode> after = activeFiles("hilbert_clustered");
        assertThat(after).hasSizeGreaterThan(8).allSatisfy(file -> {
            assertThat(file.has("clusteringProvider")).isFalse();
            assertThat(file.get("tags").get("lakehouse.clustering.curve").asText()).isEqualTo("hilbert");
            assertThat(file.get("tags").get("lakehouse.clustering.columns").asText()).isEqualTo("[\"partkey\",\"suppkey\"]");
        });
        long openedAfter = dataFilesOpenedBy(BOX_QUERY.formatted("hilbert_clustered"), "hilbert_clustered");
        long partkeyOnlyAfter = dataFilesOpenedBy("SELECT count(*) FROM hilbert_clustered WHERE partkey BETWEEN 100 AND 300", "hilbert_clustered");
        long suppkeyOnlyAfter = dataFilesOpenedBy("SELECT count(*) FROM hilbert_clustered WHERE suppkey BETWEEN 10 AND 20", "hilbert_clustered");
        System.out.printf("files %s -> %s; box query opened %s -> %s; partkey range %s -> %s; suppkey range %s -> %s%n",
                filesBefore, after.size(), openedBefore, openedAfter, partkeyOnlyBefore, partkeyOnlyAfter, suppkeyOnlyBefore, suppkeyOnlyAfter);
        // a box of about 1/5 x 1/5 of the grid: a Hilbert layout reads a small share of the files
        assertThat(openedAfter * 3).isLessThan(after.size());
        assertThat(partkeyOnlyAfter).isLessThan(after.size());
        assertThat(suppkeyOnlyAfter).isLessThan(after.size());

        // the log alone shows the layout got better on both columns: every file of the 24 spanned each column,
        // while N files along a 2-D curve each span about 1/sqrt(N) of each
        assertThat(averageDepth("hilbert_clustered", "partkey")).isLessThan(partkeyDepthBefore / 2);
        assertThat(averageDepth("hilbert_clustered", "suppkey")).isLessThan(suppkeyDepthBefore / 2);
        assertQuery("SELECT file_count, clustered_bytes = total_bytes FROM \"hilbert_clustered$layout\" WHERE column_name = 'suppkey'", "VALUES (%s, true)".formatted(after.size()));

        assertQuery(BOX_QUERY.formatted("hilbert_clustered"), BOX_QUERY.formatted("lineitem"));
        assertQuery("SELECT * FROM hilbert_clustered", "SELECT orderkey, partkey, suppkey, quantity, shipdate FROM lineitem");

        // the layout is already what was asked: nothing is rewritten
        long version = latestVersion("hilbert_clustered");
        assertUpdate(smallFiles(), "ALTER TABLE hilbert_clustered EXECUTE cluster(columns => ARRAY['partkey', 'suppkey'])");
        assertThat(latestVersion("hilbert_clustered")).isEqualTo(version);
        // new rows are clustered by the next run, without rewriting what is well clustered
        assertUpdate("INSERT INTO hilbert_clustered SELECT orderkey, partkey, suppkey, quantity, shipdate FROM tpch.tiny.lineitem WHERE orderkey < 1000", "SELECT count(*) FROM lineitem WHERE orderkey < 1000");
        assertUpdate(smallFiles(), "ALTER TABLE hilbert_clustered EXECUTE cluster(columns => ARRAY['partkey', 'suppkey'])");
        assertThat(latestVersion("hilbert_clustered")).isEqualTo(version + 2);
        assertThat(activeFiles("hilbert_clustered")).allSatisfy(file -> assertThat(file.has("tags")).isTrue());
        assertQuery("SELECT count(*), sum(quantity) FROM hilbert_clustered", "SELECT count(*) + (SELECT count(*) FROM lineitem WHERE orderkey < 1000), sum(quantity) + (SELECT sum(quantity) FROM lineitem WHERE orderkey < 1000) FROM lineitem");
    }

    @Test
    void testSpillingKeepsRowsAndOrder()
            throws IOException
    {
        createUnclusteredTable("spilled");
        Session smallMemory = Session.builder(smallFiles())
                .setCatalogSessionProperty(LakehouseQueryRunner.CATALOG, "clustering_sort_memory", "1MB")
                .build();
        assertUpdate(smallMemory, "ALTER TABLE spilled EXECUTE cluster(columns => ARRAY['partkey', 'suppkey'], curve => 'zorder')");
        assertThat(activeFiles("spilled")).allSatisfy(file -> assertThat(file.get("tags").get("lakehouse.clustering.curve").asText()).isEqualTo("zorder"));
        assertQuery("SELECT * FROM spilled", "SELECT orderkey, partkey, suppkey, quantity, shipdate FROM lineitem");
        assertThat(dataFilesOpenedBy(BOX_QUERY.formatted("spilled"), "spilled") * 2).isLessThan(activeFiles("spilled").size());
    }

    @Test
    void testClusteredByTableProperty()
            throws IOException
    {
        assertUpdate("CREATE TABLE clustered_by_property WITH (clustered_by = ARRAY['partkey', 'suppkey']) AS SELECT orderkey, partkey, suppkey, quantity, shipdate FROM tpch.tiny.lineitem", "SELECT count(*) FROM lineitem");
        assertThat((String) computeScalar("SHOW CREATE TABLE clustered_by_property")).contains("clustered_by = ARRAY['partkey','suppkey']");
        // the columns are Delta liquid clustering's domain metadata, and the protocol names the features it needs
        List<JsonNode> creation = TableLogFiles.commitActions(warehouse.resolve("tpch/clustered_by_property"), 0);
        JsonNode protocol = creation.stream().filter(action -> action.has("protocol")).findFirst().orElseThrow().get("protocol");
        assertThat(protocol.get("minWriterVersion").asInt()).isEqualTo(7);
        assertThat(protocol.get("writerFeatures").toString()).contains("domainMetadata", "clustering");
        JsonNode domain = creation.stream().filter(action -> action.has("domainMetadata")).findFirst().orElseThrow().get("domainMetadata");
        assertThat(domain.get("domain").asText()).isEqualTo("delta.clustering");
        assertThat(domain.get("configuration").asText()).isEqualTo("{\"clusteringColumns\":[[\"partkey\"],[\"suppkey\"]]}");

        // cluster without arguments sorts by the property's columns; files of a clustered table name their clustering provider
        assertUpdate(smallFiles(), "ALTER TABLE clustered_by_property EXECUTE cluster");
        assertThat(activeFiles("clustered_by_property")).allSatisfy(file -> {
            assertThat(file.get("tags").get("lakehouse.clustering.columns").asText()).isEqualTo("[\"partkey\",\"suppkey\"]");
            assertThat(file.get("clusteringProvider").asText()).isEqualTo("lakehouse");
        });

        assertUpdate("ALTER TABLE clustered_by_property SET PROPERTIES clustered_by = ARRAY['shipdate']");
        assertThat((String) computeScalar("SHOW CREATE TABLE clustered_by_property")).contains("clustered_by = ARRAY['shipdate']");
        // files clustered by other columns are unclustered for the new ones
        assertUpdate(smallFiles(), "ALTER TABLE clustered_by_property EXECUTE cluster");
        assertThat(activeFiles("clustered_by_property")).allSatisfy(file -> assertThat(file.get("tags").get("lakehouse.clustering.columns").asText()).isEqualTo("[\"shipdate\"]"));
        assertQuery("SELECT * FROM clustered_by_property", "SELECT orderkey, partkey, suppkey, quantity, shipdate FROM lineitem");

        assertUpdate("ALTER TABLE clustered_by_property SET PROPERTIES clustered_by = ARRAY[]");
        assertThat((String) computeScalar("SHOW CREATE TABLE clustered_by_property")).doesNotContain("clustered_by =");
        assertQueryFails("ALTER TABLE clustered_by_property EXECUTE cluster", ".*no clustering columns.*");

        // a plain table gets the features when it becomes clustered
        assertUpdate("CREATE TABLE becomes_clustered AS SELECT orderkey, custkey FROM tpch.tiny.orders", 15000);
        assertUpdate("ALTER TABLE becomes_clustered SET PROPERTIES clustered_by = ARRAY['custkey']");
        JsonNode upgraded = TableLogFiles.commitActions(warehouse.resolve("tpch/becomes_clustered"), 1).stream().filter(action -> action.has("protocol")).findFirst().orElseThrow().get("protocol");
        assertThat(upgraded.get("writerFeatures").toString()).contains("appendOnly", "invariants", "domainMetadata", "clustering");
        assertUpdate("INSERT INTO becomes_clustered VALUES (1, 2)", 1);
        assertQuery("SELECT count(*) FROM becomes_clustered", "VALUES 15001");

        assertQueryFails("CREATE TABLE bad_clustered_by WITH (clustered_by = ARRAY['nope']) AS SELECT orderkey FROM tpch.tiny.orders", ".*clustered_by: column 'nope' does not exist.*");
        assertQueryFails("CREATE TABLE bad_clustered_by WITH (clustered_by = ARRAY['orderkey'], partitioned_by = ARRAY['orderstatus']) AS SELECT orderkey, orderstatus FROM tpch.tiny.orders", ".*cannot be both partitioned and clustered.*");
        assertQueryFails("ALTER TABLE becomes_clustered SET PROPERTIES clustered_by = ARRAY['custkey', 'custkey']", ".*clustered_by: a clustering column is listed twice.*");
        assertQueryFails("ALTER TABLE becomes_clustered SET PROPERTIES partitioned_by = ARRAY['custkey']", ".*partitioned_by and location cannot be changed.*rewrite the table.*");
        assertUpdate("ALTER TABLE becomes_clustered SET PROPERTIES checkpoint_interval = 5");
        assertThat((String) computeScalar("SHOW CREATE TABLE becomes_clustered")).contains("checkpoint_interval = 5");
    }

    @Test
    void testClusterOnWrite()
            throws IOException
    {
        String columns = "orderkey bigint, partkey bigint, suppkey bigint, quantity double, shipdate date";
        String rows = "SELECT orderkey, partkey, suppkey, quantity, shipdate FROM tpch.tiny.lineitem";
        Session clusterOnWrite = Session.builder(smallFiles())
                .setCatalogSessionProperty(LakehouseQueryRunner.CATALOG, "cluster_on_write", "true")
                .build();
        assertUpdate("CREATE TABLE written_as_it_comes (%s) WITH (clustered_by = ARRAY['partkey', 'suppkey'])".formatted(columns));
        assertUpdate(smallFiles(), "INSERT INTO written_as_it_comes " + rows, "SELECT count(*) FROM lineitem");
        assertUpdate("CREATE TABLE clustered_on_insert (%s) WITH (clustered_by = ARRAY['partkey', 'suppkey'])".formatted(columns));
        assertUpdate(clusterOnWrite, "INSERT INTO clustered_on_insert " + rows, "SELECT count(*) FROM lineitem");
        assertUpdate(clusterOnWrite, "CREATE TABLE clustered_on_create WITH (clustered_by = ARRAY['partkey', 'suppkey']) AS " + rows, "SELECT count(*) FROM lineitem");
        // without clustered_by there is nothing to cluster by: the property changes nothing
        assertUpdate(clusterOnWrite, "CREATE TABLE not_clustered AS " + rows, "SELECT count(*) FROM lineitem");
        assertThat(activeFiles("not_clustered")).allSatisfy(file -> assertThat(file.has("tags")).isFalse());

        List<JsonNode> unclusteredFiles = activeFiles("written_as_it_comes");
        long unclusteredOpened = dataFilesOpenedBy(BOX_QUERY.formatted("written_as_it_comes"), "written_as_it_comes");
        for (String table : List.of("clustered_on_insert", "clustered_on_create")) {
            List<JsonNode> files = activeFiles(table);
            assertThat(files).hasSizeGreaterThan(8).allSatisfy(file -> {
                assertThat(file.get("tags").get("lakehouse.clustering.curve").asText()).isEqualTo("hilbert");
                assertThat(file.get("tags").get("lakehouse.clustering.columns").asText()).isEqualTo("[\"partkey\",\"suppkey\"]");
                assertThat(file.get("clusteringProvider").asText()).isEqualTo("lakehouse");
            });
            long opened = dataFilesOpenedBy(BOX_QUERY.formatted(table), table);
            System.out.printf("%s: box query opened %s of %s files; written as it comes: %s of %s%n", table, opened, files.size(), unclusteredOpened, unclusteredFiles.size());
            assertThat(opened * 3).isLessThan(files.size());
            assertThat(opened * 3).isLessThan(unclusteredOpened);
            assertThat(averageDepth(table, "suppkey")).isLessThan(averageDepth("written_as_it_comes", "suppkey") / 2);
            assertQuery(BOX_QUERY.formatted(table), BOX_QUERY.formatted("lineitem"));
            assertQuery("SELECT * FROM " + table, "SELECT orderkey, partkey, suppkey, quantity, shipdate FROM lineitem");

            // files clustered on write are one clustering run: a cluster run finds nothing to rewrite
            long version = latestVersion(table);
            assertUpdate(smallFiles(), "ALTER TABLE %s EXECUTE cluster".formatted(table));
            assertThat(latestVersion(table)).isEqualTo(version);
        }
    }

    /**
     * A clustered file has many row groups, each over a small box of the clustering columns, so a box query reads a
     * small part of a run even when the run is one file; unsorted files keep two.
     */
    @Test
    void testClusteredFilesSkipRowGroups()
            throws IOException
    {
        // the rows take about 1.3MB: one file, whose row groups are a share of the target
        Session oneFile = oneWriter("2MB");
        String rows = "SELECT orderkey, partkey, suppkey, quantity, shipdate FROM tpch.tiny.lineitem";
        assertUpdate(oneFile, "CREATE TABLE one_unsorted_file WITH (clustered_by = ARRAY['partkey', 'suppkey']) AS " + rows, "SELECT count(*) FROM lineitem");
        assertUpdate(oneFile, "CREATE TABLE one_clustered_file WITH (clustered_by = ARRAY['partkey', 'suppkey']) AS " + rows, "SELECT count(*) FROM lineitem");
        assertUpdate(oneFile, "ALTER TABLE one_clustered_file EXECUTE cluster");
        assertThat(activeFiles("one_unsorted_file")).hasSize(1);
        assertThat(activeFiles("one_clustered_file")).hasSize(1).allSatisfy(file -> assertThat(file.has("tags")).isTrue());

        long unsortedRowsRead = rowsReadBy(BOX_QUERY.formatted("one_unsorted_file"));
        long clusteredRowsRead = rowsReadBy(BOX_QUERY.formatted("one_clustered_file"));
        System.out.printf("box query on one file: %s rows read unsorted, %s clustered%n", unsortedRowsRead, clusteredRowsRead);
        assertThat(unsortedRowsRead).isEqualTo((long) computeScalar("SELECT count(*) FROM tpch.tiny.lineitem"));
        // a box of about 1/5 x 1/5 of the key space meets the boxes of a few of the file's row groups (about a third)
        assertThat(clusteredRowsRead * 2).isLessThan(unsortedRowsRead);
        assertQuery(BOX_QUERY.formatted("one_clustered_file"), BOX_QUERY.formatted("lineitem"));
    }

    /**
     * A clustering run at least {@code stable_run_size} large stays as it is when new rows are clustered beside it,
     * where without it the runs would be merged into one.
     */
    @Test
    void testStableRunsAreLeftAsTheyAre()
            throws IOException
    {
        String rows = "SELECT orderkey, partkey, suppkey, quantity FROM tpch.tiny.lineitem";
        for (String table : List.of("merged_runs", "stable_runs")) {
            assertUpdate("CREATE TABLE %s WITH (clustered_by = ARRAY['partkey', 'suppkey']) AS %s WHERE orderkey < 30000".formatted(table, rows), "SELECT count(*) FROM lineitem WHERE orderkey < 30000");
            assertUpdate(smallFiles(), "ALTER TABLE %s EXECUTE cluster".formatted(table));
            assertUpdate("INSERT INTO %s %s WHERE orderkey >= 30000".formatted(table, rows), "SELECT count(*) FROM lineitem WHERE orderkey >= 30000");
        }
        List<String> firstRun = activeFiles("stable_runs").stream().filter(file -> file.has("tags")).map(file -> file.get("path").asText()).toList();
        long firstRunBytes = activeFiles("stable_runs").stream().filter(file -> file.has("tags")).mapToLong(file -> file.get("size").asLong()).sum();
        assertThat(firstRun).hasSizeGreaterThan(1);

        // depth 0: the new rows would overlap the first run everywhere, so the runs are merged
        assertUpdate(smallFiles(), "ALTER TABLE merged_runs EXECUTE cluster(max_overlap_depth => 0)");
        assertThat(activeFiles("merged_runs")).allSatisfy(file -> assertThat(file.get("tags").get("lakehouse.clustering.run").asText())
                .isEqualTo(activeFiles("merged_runs").getFirst().get("tags").get("lakehouse.clustering.run").asText()));

        // the first run is as large as the stable size: only the new rows are clustered, into a run of their own
        assertUpdate(smallFiles(), "ALTER TABLE stable_runs EXECUTE cluster(max_overlap_depth => 0, stable_run_size => '%sB')".formatted(firstRunBytes));
        List<JsonNode> files = activeFiles("stable_runs");
        assertThat(files).allSatisfy(file -> assertThat(file.has("tags")).isTrue());
        assertThat(files.stream().map(file -> file.get("path").asText()).toList()).containsAll(firstRun);
        assertThat(files.stream().map(file -> file.get("tags").get("lakehouse.clustering.run").asText()).distinct()).hasSize(2);
        for (String table : List.of("merged_runs", "stable_runs")) {
            assertQuery("SELECT * FROM " + table, "SELECT orderkey, partkey, suppkey, quantity FROM lineitem");
            assertQuery(BOX_QUERY.formatted(table), BOX_QUERY.formatted("lineitem"));
        }
        // below the stable size the first run is merged with new rows that overlap it, as without the argument
        assertUpdate("INSERT INTO stable_runs %s WHERE orderkey < 1000".formatted(rows), "SELECT count(*) FROM lineitem WHERE orderkey < 1000");
        assertUpdate(smallFiles(), "ALTER TABLE stable_runs EXECUTE cluster(max_overlap_depth => 0, stable_run_size => '%sB')".formatted(firstRunBytes + 1));
        List<String> paths = activeFiles("stable_runs").stream().map(file -> file.get("path").asText()).toList();
        assertThat(firstRun.stream().filter(paths::contains).count()).isLessThan(firstRun.size() / 2);
        assertQuery("SELECT count(*) FROM stable_runs", "SELECT count(*) + (SELECT count(*) FROM lineitem WHERE orderkey < 1000) FROM lineitem");
    }

    @Test
    void testBadArguments()
    {
        assertUpdate("CREATE TABLE cluster_arguments WITH (partitioned_by = ARRAY['part']) AS SELECT orderkey, custkey, orderstatus AS part, MAP(ARRAY['k'], ARRAY[orderkey]) AS keys FROM tpch.tiny.orders", 15000);
        assertQueryFails("ALTER TABLE cluster_arguments EXECUTE cluster", ".*no clustering columns.*");
        assertQueryFails("ALTER TABLE cluster_arguments EXECUTE cluster(columns => ARRAY['nope'])", ".*column 'nope' does not exist.*");
        assertQueryFails("ALTER TABLE cluster_arguments EXECUTE cluster(columns => ARRAY['part'])", ".*'part' is a partition column.*");
        assertQueryFails("ALTER TABLE cluster_arguments EXECUTE cluster(columns => ARRAY['orderkey', 'orderkey'])", ".*listed twice.*");
        assertQueryFails("ALTER TABLE cluster_arguments EXECUTE cluster(columns => ARRAY['orderkey'], curve => 'peano')", ".*unknown curve 'peano'.*");
        assertQueryFails("ALTER TABLE cluster_arguments EXECUTE cluster(columns => ARRAY['orderkey'], max_overlap_depth => -1)", ".*max_overlap_depth must be 0 or more.*");
        assertQueryFails("ALTER TABLE cluster_arguments EXECUTE cluster(columns => ARRAY['orderkey'], stable_run_size => '0MB')", ".*stable_run_size must be more than 0B, but was 0MB.*");
        assertQueryFails("ALTER TABLE cluster_arguments EXECUTE cluster(columns => ARRAY['orderkey'], stable_run_size => 'large')", ".*stable_run_size.*");
        assertQueryFails("ALTER TABLE cluster_arguments EXECUTE cluster(columns => ARRAY['keys'])", ".*(has no order|not orderable).*");
    }

    @Test
    void testConcurrentInsertsAreNotLost()
            throws Exception
    {
        assertUpdate("CREATE TABLE racing_cluster WITH (checkpoint_interval = 1000) AS SELECT orderkey, custkey, 0 AS round FROM tpch.tiny.orders WHERE orderkey < 200", "SELECT count(*) FROM orders WHERE orderkey < 200");
        int rounds = 10;
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            Future<?> inserts = executor.submit(() -> {
                for (int round = 1; round <= rounds; round++) {
                    getQueryRunner().execute("INSERT INTO racing_cluster SELECT orderkey, custkey, %s FROM tpch.tiny.orders WHERE orderkey < 200".formatted(round));
                }
            });
            Future<?> clusterings = executor.submit(() -> {
                while (!inserts.isDone()) {
                    getQueryRunner().execute("ALTER TABLE racing_cluster EXECUTE cluster(columns => ARRAY['custkey', 'orderkey'])");
                }
            });
            inserts.get(5, MINUTES);
            clusterings.get(5, MINUTES);
        }
        finally {
            executor.shutdownNow();
        }
        assertQuery("SELECT count(*), count(DISTINCT (orderkey, round)) FROM racing_cluster", "SELECT count(*) * %1$s, count(*) * %1$s FROM orders WHERE orderkey < 200".formatted(rounds + 1));
    }

    private double averageDepth(String table, String column)
    {
        return (double) computeScalar("SELECT average_depth FROM \"%s$layout\" WHERE column_name = '%s'".formatted(table, column));
    }

    private void createUnclusteredTable(String table)
    {
        // 24 files, each a slice of orderkey: partkey and suppkey are spread over every file
        assertUpdate("CREATE TABLE %s (orderkey bigint, partkey bigint, suppkey bigint, quantity double, shipdate date)".formatted(table));
        for (int slice = 0; slice < 24; slice++) {
            assertUpdate("INSERT INTO %s SELECT orderkey, partkey, suppkey, quantity, shipdate FROM tpch.tiny.lineitem WHERE orderkey %% 24 = %s".formatted(table, slice),
                    "SELECT count(*) FROM lineitem WHERE orderkey %% 24 = %s".formatted(slice));
        }
    }

    private Session smallFiles()
    {
        return oneWriter("16kB");
    }

    private Session oneWriter(String targetFileSize)
    {
        return Session.builder(getSession())
                .setCatalogSessionProperty(LakehouseQueryRunner.CATALOG, "target_file_size", targetFileSize)
                .setSystemProperty("task_max_writer_count", "1")
                .build();
    }

    private long rowsReadBy(String sql)
    {
        return LakehouseQueryRunner.rowsRead(getQueryRunner(), getSession(), sql);
    }

    private long dataFilesOpenedBy(String sql, String table)
    {
        return fileSystemFactory.dataFilesOpenedBy(getQueryRunner(), getSession(), sql, table);
    }

    private List<JsonNode> activeFiles(String table)
            throws IOException
    {
        return TableLogFiles.activeFiles(warehouse.resolve("tpch").resolve(table));
    }

    private long latestVersion(String table)
            throws IOException
    {
        return TableLogFiles.latestVersion(warehouse.resolve("tpch").resolve(table));
    }
}
