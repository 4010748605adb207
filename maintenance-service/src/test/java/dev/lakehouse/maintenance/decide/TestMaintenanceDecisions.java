package dev.lakehouse.maintenance.decide;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.maintenance.MaintenanceConfig;
import dev.lakehouse.maintenance.TestingWarehouse;
import dev.lakehouse.maintenance.measure.HealthMeasurer;
import dev.lakehouse.maintenance.measure.TableHealth;
import dev.lakehouse.maintenance.observe.ObservedTable;
import dev.lakehouse.maintenance.observe.TableObserver;
import dev.lakehouse.maintenance.policy.EffectivePolicy;
import dev.lakehouse.maintenance.warehouse.TableName;
import dev.lakehouse.maintenance.warehouse.WarehouseTables;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.maintenance.MaintenancePolicy;
import io.airlift.units.Duration;
import io.trino.filesystem.local.LocalFileSystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's decisions on real tables (logs written through the transaction log's commit path), observed,
 * measured and decided as a tick does.
 */
final class TestMaintenanceDecisions
{
    private static final long KILOBYTE = 1024;

    private TestingWarehouse warehouse;
    private MaintenanceConfig config;
    private TableObserver observer;

    @BeforeEach
    void setUp()
            throws Exception
    {
        warehouse = new TestingWarehouse();
        config = new MaintenanceConfig()
                .setWarehouse(warehouse.root().toString())
                .setVacuumMinRetention(new Duration(1, TimeUnit.HOURS));
        observer = new TableObserver(new WarehouseTables(config, new LocalFileSystemFactory(Path.of("/"))));
    }

    @AfterEach
    void tearDown()
            throws Exception
    {
        warehouse.close();
    }

    @Test
    void testTwelveSmallFilesInAPartitionAreCompacted()
    {
        Decision compaction = decide("many", ImmutableMap.of(), 13, Instant.now()).get(JobKind.COMPACT);
        assertThat(compaction.due()).isTrue();
        // 13 files of 1kB become one file
        assertThat(compaction.score()).isEqualTo(12);
        assertThat(compaction.reason()).contains("13 files (13kB) become about 1");
        assertThat(compaction.partitions()).containsExactly(Map.of());
    }

    @Test
    void testFewSmallFilesWaitUntilTheOldestIsAnHourOld()
    {
        Decision early = decide("few", ImmutableMap.of(), 5, Instant.now()).get(JobKind.COMPACT);
        assertThat(early.due()).isFalse();
        assertThat(early.reason()).contains("no partition holds 12 small files").contains("at most 5 in a partition");
        Decision later = decide("few_later", ImmutableMap.of(), 5, Instant.now().plusSeconds(3700)).get(JobKind.COMPACT);
        assertThat(later.due()).isTrue();
    }

    @Test
    void testClusteringWaitsForFiftyFilesOrThreeQuartersOfTheTarget()
    {
        Decision waiting = decideClustered("stream_49", ImmutableMap.of(), 49, KILOBYTE).get(JobKind.CLUSTER);
        assertThat(waiting.due()).isFalse();
        assertThat(waiting.reason()).startsWith("49 files (49kB) are unclustered on [x], 49 files (49kB) with those of the clustering runs they would merge")
                .contains("below the triggers of 50 unclustered files, 96MB of them (0.75 of the target 128MB), or one older than 1.00h");
        Decision due = decideClustered("stream_50", ImmutableMap.of(), 50, KILOBYTE).get(JobKind.CLUSTER);
        assertThat(due.due()).isTrue();
        assertThat(due.score()).isEqualTo(50);
        // a clustered table is not compacted on its own: clustering rewrites its small files
        assertThat(decideClustered("stream_50_compaction", ImmutableMap.of(), 50, KILOBYTE).get(JobKind.COMPACT).due()).isFalse();

        // three files of 300kB with a target of 1MB: 900kB, more than three quarters of the target
        Map<String, String> smallTarget = ImmutableMap.of("lakehouse.maintenance.target-file-size", String.valueOf(1024 * KILOBYTE));
        Decision large = decideClustered("large_files", smallTarget, 3, 300 * KILOBYTE).get(JobKind.CLUSTER);
        assertThat(large.due()).as(large.reason()).isTrue();
        assertThat(decideClustered("smaller_files", smallTarget, 3, 200 * KILOBYTE).get(JobKind.CLUSTER).due()).isFalse();

        // three clustering runs of 400kB: one new file would make the depth 3, more than 2, so clustering it merges all
        // three (1.56MB, more than the bytes trigger); that is what clustering costs, not a reason to start it: it
        // waits for the triggers as before
        Decision merging = decideClustered("merging", smallTarget, 3, 4, 400 * KILOBYTE).get(JobKind.CLUSTER);
        assertThat(merging.due()).isFalse();
        assertThat(merging.reason()).startsWith("1 files (400kB) are unclustered on [x], 4 files (1.56MB) with those of the clustering runs they would merge");
        // once the new file is an hour old it is clustered, with the runs it merges
        Decision later = decideClustered("merging_later", smallTarget, 3, 4, 400 * KILOBYTE, Instant.now().plusSeconds(3700)).get(JobKind.CLUSTER);
        assertThat(later.due()).isTrue();
        assertThat(later.score()).isEqualTo(4);
    }

    /**
     * The clustering triggers are the service's by default and a table's own when it sets them: a streaming table may
     * cluster sooner (faster queries, more rewrites) and stop merging its runs earlier (fewer rewrites, more runs).
     */
    @Test
    void testTablesSetTheirOwnClusteringTriggers()
    {
        Map<String, String> everyTenFiles = ImmutableMap.of(MaintenancePolicy.MIN_UNCLUSTERED_FILES, "10");
        assertThat(decideClustered("every_ten_9", everyTenFiles, 9, KILOBYTE).get(JobKind.CLUSTER).due()).isFalse();
        Decision tenth = decideClustered("every_ten_10", everyTenFiles, 10, KILOBYTE).get(JobKind.CLUSTER);
        assertThat(tenth.due()).isTrue();
        assertThat(tenth.score()).isEqualTo(10);

        // three clustering runs of one 1.07MB file each and a new one: by default (runs stable from 100 target files)
        // clustering the new file merges the runs; a table whose runs are stable from one target file keeps them
        String target = String.valueOf(1024 * KILOBYTE);
        Decision merging = decideClustered("unstable_runs", ImmutableMap.of(MaintenancePolicy.TARGET_FILE_SIZE, target), 3, 4, 1100 * KILOBYTE).get(JobKind.CLUSTER);
        assertThat(merging.reason()).startsWith("1 files (1.07MB) are unclustered on [x], 4 files (4.30MB) with those of the clustering runs they would merge");
        Decision stable = decideClustered("stable_runs", ImmutableMap.of(MaintenancePolicy.TARGET_FILE_SIZE, target, MaintenancePolicy.STABLE_RUN_FILES, "1"), 3, 4, 1100 * KILOBYTE).get(JobKind.CLUSTER);
        assertThat(stable.reason()).startsWith("1 files (1.07MB) are unclustered on [x], 1 files (1.07MB) with those of the clustering runs they would merge");

        EffectivePolicy invalid = EffectivePolicy.of(ImmutableMap.of(MaintenancePolicy.MIN_UNCLUSTERED_FILES, "0", MaintenancePolicy.STABLE_RUN_FILES, "many"), config);
        assertThat(invalid.minUnclusteredFiles()).isEqualTo(config.getClusteringMinUnclusteredFiles());
        assertThat(invalid.stableRunFiles()).isEqualTo(config.getClusteringStableRunFiles());
        assertThat(invalid.problems()).containsExactly(
                "Invalid value '0' of table property lakehouse.maintenance.clustering.min-unclustered-files: a number of files must be at least 1",
                "Invalid value 'many' of table property lakehouse.maintenance.clustering.stable-run-files: expected a whole number of files");
    }

    @Test
    void testTablesOptOutWithTheirPolicy()
    {
        Map<JobKind, Decision> decisions = decide("off", ImmutableMap.of("lakehouse.maintenance.enabled", "false"), 13, Instant.now());
        assertThat(decisions.values()).allSatisfy(decision -> {
            assertThat(decision.due()).isFalse();
            assertThat(decision.reason()).isEqualTo("maintenance is off for this table (maintenance_enabled = false)");
        });

        // a clustered table that opted out is not planned for clustering, however many of its files overlap
        for (String enabled : List.of("true", "false")) {
            Path folder = warehouse.tableFolder("s", "clustered_" + enabled);
            warehouse.createClusteredTable(folder, ImmutableMap.of("lakehouse.maintenance.enabled", enabled), 0, 60, KILOBYTE);
            ObservedTable observed = observer.observe(new TableName("s", "clustered_" + enabled), TestingWarehouse.location(folder), Optional.empty(), Instant.now());
            TableHealth health = measure(new HealthMeasurer(config), observed);
            assertThat(health.files()).isEqualTo(60);
            assertThat(health.clustered()).isEqualTo(enabled.equals("true"));
            assertThat(health.unclusteredFiles()).isEqualTo(enabled.equals("true") ? 60 : 0);
        }
    }

    @Test
    void testIncompleteStatisticsAndMissingCheckpointsAreDue()
    {
        Map<JobKind, Decision> decisions = decide("unchecked", ImmutableMap.of(), 11, Instant.now());
        // the test files' statistics have a row count but no null counts
        assertThat(decisions.get(JobKind.REBUILD_STATS).due()).isTrue();
        assertThat(decisions.get(JobKind.REBUILD_STATS).reason()).startsWith("11 files lack");
        assertThat(decisions.get(JobKind.CHECKPOINT).due()).isTrue();
        assertThat(decisions.get(JobKind.CHECKPOINT).reason()).isEqualTo("12 commits since the last checkpoint, at least the table's checkpoint interval of 10");
    }

    @Test
    void testStatisticsRebuiltForTheSameFilesAreMeasuredAgain()
    {
        Path folder = warehouse.tableFolder("s", "restated");
        warehouse.createTable(folder, ImmutableMap.of(), 11, 1, KILOBYTE, 0);
        TableName name = new TableName("s", "restated");
        // one measurer for both looks, as the service keeps one: it remembers the files it decoded
        HealthMeasurer measurer = new HealthMeasurer(config);
        ObservedTable before = observer.observe(name, TestingWarehouse.location(folder), Optional.empty(), Instant.now());
        assertThat(measure(measurer, before).filesWithoutStatistics()).isEqualTo(11);

        warehouse.restateStatistics(folder, "{\"numRecords\":1,\"minValues\":{\"x\":7},\"maxValues\":{\"x\":7},\"nullCount\":{\"x\":0}}");
        ObservedTable after = observer.observe(name, TestingWarehouse.location(folder), Optional.of(before), Instant.now());
        assertThat(after.snapshot().activeFiles()).extracting(AddFileEntry::path).containsExactlyInAnyOrderElementsOf(before.snapshot().activeFiles().stream().map(AddFileEntry::path).toList());
        assertThat(measure(measurer, after).filesWithoutStatistics()).isZero();
    }

    private TableHealth measure(HealthMeasurer measurer, ObservedTable observed)
    {
        return measurer.measure(observed.snapshot(), EffectivePolicy.of(observed.snapshot().metadata().configuration(), config));
    }

    @Test
    void testRemovedFilesAreVacuumedAfterTheRetention()
    {
        Path folder = warehouse.tableFolder("s", "removed");
        warehouse.createTable(folder, ImmutableMap.of("delta.deletedFileRetentionDuration", "interval 2 hours"), 3, 1, KILOBYTE, 0);
        warehouse.removeFiles(folder, List.of("part-1-0.parquet", "part-2-0.parquet"), Instant.now().toEpochMilli());
        ObservedTable observed = observer.observe(new TableName("s", "removed"), TestingWarehouse.location(folder), Optional.empty(), Instant.now());
        assertThat(observed.tombstones()).hasSize(2);

        Decision now = decide(observed, Instant.now()).get(JobKind.VACUUM);
        assertThat(now.due()).isFalse();
        assertThat(now.reason()).startsWith("0 files (0B) removed more than the retention of 2.00h ago");
        Decision later = decide(observed, Instant.now().plusSeconds(3 * 3600)).get(JobKind.VACUUM);
        assertThat(later.due()).isTrue();
        assertThat(later.reason()).startsWith("2 files (2kB) were removed more than the retention of 2.00h ago");
    }

    @Test
    void testInvalidPolicyValuesAreReportedAndTheDefaultsApply()
    {
        Path folder = warehouse.tableFolder("s", "bad");
        warehouse.createTable(folder, ImmutableMap.of("lakehouse.maintenance.schedule", "every night", "lakehouse.maintenance.target-file-size", "12", "delta.deletedFileRetentionDuration", "interval 1 minute"), 1, 1, KILOBYTE, 0);
        ObservedTable observed = observer.observe(new TableName("s", "bad"), TestingWarehouse.location(folder), Optional.empty(), Instant.now());
        EffectivePolicy policy = EffectivePolicy.of(observed.snapshot().metadata().configuration(), config);
        assertThat(policy.schedule()).isEmpty();
        assertThat(policy.targetFileSize()).isEqualTo(128L << 20);
        assertThat(policy.vacuumRetention()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(policy.problems()).hasSize(3);
        assertThat(policy.problems().get(0)).startsWith("Invalid value 'every night' of table property lakehouse.maintenance.schedule: not a Quartz cron expression");
        assertThat(policy.problems().get(1)).startsWith("Invalid value '12' of table property lakehouse.maintenance.target-file-size: a target file size must be at least 1MB");
        assertThat(policy.problems().get(2)).contains("shorter than the service's maintenance.vacuum.min-retention");
    }

    @Test
    void testFailedWorkBacksOff()
    {
        Path folder = warehouse.tableFolder("s", "failing");
        warehouse.createTable(folder, ImmutableMap.of(), 13, 1, KILOBYTE, 0);
        ObservedTable observed = observer.observe(new TableName("s", "failing"), TestingWarehouse.location(folder), Optional.empty(), Instant.now());
        EffectivePolicy policy = EffectivePolicy.of(observed.snapshot().metadata().configuration(), config);
        TableHealth health = new HealthMeasurer(config).measure(observed.snapshot(), policy);
        Instant now = Instant.now();
        TablePlan plan = MaintenanceDecider.decide(observed, health, policy, Map.of(JobKind.COMPACT, now.plusSeconds(60)), now);
        Decision compaction = plan.decisions().getFirst();
        assertThat(compaction.due()).isFalse();
        assertThat(compaction.reason()).startsWith("due (").contains("it failed recently and is retried after");
    }

    private Map<JobKind, Decision> decide(String table, Map<String, String> configuration, int smallFiles, Instant now)
    {
        Path folder = warehouse.tableFolder("s", table);
        warehouse.createTable(folder, configuration, smallFiles, 1, KILOBYTE, 0);
        ObservedTable observed = observer.observe(new TableName("s", table), TestingWarehouse.location(folder), Optional.empty(), Instant.now());
        return decide(observed, now);
    }

    private Map<JobKind, Decision> decideClustered(String table, Map<String, String> configuration, int files, long fileSize)
    {
        return decideClustered(table, configuration, 0, files, fileSize, Instant.now());
    }

    private Map<JobKind, Decision> decideClustered(String table, Map<String, String> configuration, int clusteringRuns, int files, long fileSize)
    {
        return decideClustered(table, configuration, clusteringRuns, files, fileSize, Instant.now());
    }

    private Map<JobKind, Decision> decideClustered(String table, Map<String, String> configuration, int clusteringRuns, int files, long fileSize, Instant now)
    {
        Path folder = warehouse.tableFolder("s", table);
        warehouse.createClusteredTable(folder, configuration, clusteringRuns, files, fileSize);
        ObservedTable observed = observer.observe(new TableName("s", table), TestingWarehouse.location(folder), Optional.empty(), Instant.now());
        assertThat(observed.snapshot().clusteringColumns()).containsExactly("x");
        return decide(observed, now);
    }

    private Map<JobKind, Decision> decide(ObservedTable observed, Instant now)
    {
        EffectivePolicy policy = EffectivePolicy.of(observed.snapshot().metadata().configuration(), config);
        TableHealth health = new HealthMeasurer(config).measure(observed.snapshot(), policy);
        TablePlan plan = MaintenanceDecider.decide(observed, health, policy, Map.of(), now);
        ImmutableMap.Builder<JobKind, Decision> byKind = ImmutableMap.builder();
        plan.decisions().forEach(decision -> byKind.put(decision.kind(), decision));
        return byKind.buildOrThrow();
    }
}
