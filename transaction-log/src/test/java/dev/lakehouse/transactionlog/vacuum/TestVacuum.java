package dev.lakehouse.transactionlog.vacuum;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.NormalizedPath;
import dev.lakehouse.transactionlog.TestingTable;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CdcFileEntry;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static dev.lakehouse.transactionlog.TestingTable.remove;
import static dev.lakehouse.transactionlog.TestingTable.setModificationTime;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vacuum on a real local table whose commits and files are aged by hand: what is kept, what goes, and why.
 */
final class TestVacuum
{
    private static final Instant NOW = Instant.now();
    private static final Duration WEEK = Duration.ofDays(7);

    @TempDir
    Path directory;
    private TestingTable table;
    private AddFileEntry a;
    private AddFileEntry b;

    /**
     * Version 1 adds a and b, version 2 (10 days ago) replaces a by c, version 3 (1 day ago) replaces b by d.
     */
    @BeforeEach
    void createTable()
            throws IOException
    {
        table = new TestingTable(directory.resolve("table"), ImmutableList.of("_part"), ImmutableMap.of());
        a = table.writeFile("a.parquet");
        b = table.writeFile("b.parquet");
        table.commit(a, b);
        AddFileEntry c = table.writeFile("c.parquet");
        table.commit(remove(a), c);
        AddFileEntry d = table.writeFile("d.parquet");
        table.commit(remove(b), d);
        table.writeFile("orphan.parquet");
        table.writeFile("_part=1/in-partition-orphan.parquet");
        table.writeFile(".a.parquet.crc");
        table.writeFile("_change_data/cdc-1.parquet");
        table.writeFile("_other/hidden.parquet");
        for (long version = 0; version <= 2; version++) {
            setModificationTime(table.commitFile(version), NOW.minus(Duration.ofDays(10)));
        }
        setModificationTime(table.commitFile(3), NOW.minus(Duration.ofDays(1)));
        try (Stream<Path> files = Files.walk(table.directory())) {
            files.filter(Files::isRegularFile)
                    .filter(file -> !file.toString().contains("_delta_log"))
                    .forEach(file -> setModificationTime(file, NOW.minus(Duration.ofDays(20))));
        }
        table.writeFile("young-orphan.parquet");
    }

    @Test
    void testKeepsTheFilesOfEveryVersionWithinTheRetention()
    {
        VacuumPlan plan = planner().plan(WEEK, NOW);
        // version 2 was current a week ago: its files (b, c) and version 3's (d) stay
        assertThat(plan.oldestRetainedVersion()).isEqualTo(2);
        assertThat(plan.snapshotVersion()).isEqualTo(3);
        assertThat(reasons(plan)).isEqualTo(ImmutableMap.of(
                "a.parquet", "removed at 2",
                "orphan.parquet", "orphan",
                "_part=1/in-partition-orphan.parquet", "orphan",
                "_change_data/cdc-1.parquet", "orphan"));
    }

    @Test
    void testChangeFilesOfRetainedCommitsAreKept()
    {
        // a row-level change of a table with a change data feed names its change file in a cdc action
        AddFileEntry changes = table.writeFile("_change_data/cdc-2.parquet");
        table.commit(new CdcFileEntry("_change_data/cdc-2.parquet", ImmutableMap.of(), changes.size()));
        setModificationTime(table.directory().resolve("_change_data/cdc-2.parquet"), NOW.minus(Duration.ofDays(20)));
        assertThat(reasons(planner().plan(WEEK, NOW))).containsEntry("_change_data/cdc-1.parquet", "orphan").doesNotContainKey("_change_data/cdc-2.parquet");
    }

    @Test
    void testZeroRetentionKeepsOnlyTheLatestVersionAndNeverHiddenOrYoungFiles()
    {
        VacuumPlan plan = planner().plan(Duration.ZERO, NOW);
        assertThat(plan.oldestRetainedVersion()).isEqualTo(3);
        assertThat(reasons(plan)).isEqualTo(ImmutableMap.of(
                "a.parquet", "removed at 2",
                "b.parquet", "removed at 3",
                "orphan.parquet", "orphan",
                "_part=1/in-partition-orphan.parquet", "orphan",
                "_change_data/cdc-1.parquet", "orphan"));
    }

    @Test
    void testPathsAreComparedAfterNormalisingEncodingAndScheme()
    {
        // another engine names files URL-encoded, or by absolute URI with redundant slashes
        AddFileEntry encoded = table.writeFile("p=x y/e.parquet", "p=x%20y/e.parquet");
        AddFileEntry absolute = table.writeFile("f.parquet", "file://" + table.directory() + "//./f.parquet");
        table.commit(encoded, absolute);
        setModificationTime(table.directory().resolve("p=x y/e.parquet"), NOW.minus(Duration.ofDays(20)));
        setModificationTime(table.directory().resolve("f.parquet"), NOW.minus(Duration.ofDays(20)));
        assertThat(reasons(planner().plan(Duration.ZERO, NOW.plusSeconds(60)))).doesNotContainKeys("p=x y/e.parquet", "f.parquet");
    }

    @Test
    void testVacuumIsCommittedAndDeletesOnlyThePlannedFiles()
    {
        VacuumPlan plan = planner().plan(WEEK, NOW);
        VacuumResult result = runner().run(plan, TestingTable.commitInfo(), WEEK);

        assertThat(result.deletedFiles()).isEqualTo(4);
        assertThat(result.deletedBytes()).isEqualTo(plan.bytes()).isPositive();
        assertThat(table.directory().resolve("a.parquet")).doesNotExist();
        assertThat(table.directory().resolve("orphan.parquet")).doesNotExist();
        for (String kept : List.of("b.parquet", "c.parquet", "d.parquet", "young-orphan.parquet", ".a.parquet.crc", "_other/hidden.parquet")) {
            assertThat(table.directory().resolve(kept)).exists();
        }
        // every retained version still has all its files
        for (long version = 2; version <= result.endVersion(); version++) {
            table.log().loadSnapshot(version).activeFiles().forEach(file -> assertThat(table.directory().resolve(file.path())).exists());
        }

        CommitInfoEntry start = commitInfo(result.startVersion());
        assertThat(start.operation()).isEqualTo("VACUUM START");
        assertThat(start.operationParameters()).containsEntry("specifiedRetentionMillis", Long.toString(WEEK.toMillis()));
        assertThat(start.operationMetrics()).containsEntry("numFilesToDelete", "4").containsEntry("sizeOfDataToDelete", Long.toString(plan.bytes()));
        CommitInfoEntry end = commitInfo(result.endVersion());
        assertThat(end.operation()).isEqualTo("VACUUM END");
        assertThat(end.operationParameters()).containsEntry("status", "COMPLETED");
        assertThat(end.operationMetrics()).containsEntry("numDeletedFiles", "4");
        assertThat(table.log().loadLatestSnapshot().activeFiles()).hasSize(2);
    }

    @Test
    void testFileAddedBackAfterPlanningIsSpared()
    {
        VacuumPlan plan = planner().plan(WEEK, NOW);
        // a commit between planning and running names the planned file again
        table.commit(a);
        VacuumResult result = runner().run(plan, TestingTable.commitInfo(), WEEK);
        assertThat(result.deletedFiles()).isEqualTo(3);
        assertThat(table.directory().resolve("a.parquet")).exists();
    }

    @Test
    void testNothingOutsideTheTableIsTouched()
            throws IOException
    {
        Path outside = directory.resolve("outside.parquet");
        Files.writeString(outside, "not ours");
        setModificationTime(outside, NOW.minus(Duration.ofDays(30)));
        // a sibling folder whose name starts with the table's name
        Path sibling = directory.resolve("table2/x.parquet");
        Files.createDirectories(sibling.getParent());
        Files.writeString(sibling, "not ours either");
        setModificationTime(sibling, NOW.minus(Duration.ofDays(30)));
        runner().run(planner().plan(Duration.ZERO, NOW), TestingTable.commitInfo(), WEEK);
        assertThat(outside).exists();
        assertThat(sibling).exists();
    }

    private VacuumPlanner planner()
    {
        return new VacuumPlanner(table.fileSystem(), table.log());
    }

    private VacuumRunner runner()
    {
        return new VacuumRunner(table.fileSystem(), table.log(), table::commit);
    }

    private CommitInfoEntry commitInfo(long version)
    {
        return table.log().readCommit(version).stream()
                .filter(CommitInfoEntry.class::isInstance)
                .map(CommitInfoEntry.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private Map<String, String> reasons(VacuumPlan plan)
    {
        NormalizedPath root = NormalizedPath.of(table.location());
        ImmutableMap.Builder<String, String> reasons = ImmutableMap.builder();
        for (VacuumCandidate candidate : plan.candidates()) {
            OptionalLong removed = candidate.removedAtVersion();
            reasons.put(NormalizedPath.of(candidate.location()).relativeTo(root).orElseThrow(), removed.isPresent() ? "removed at " + removed.getAsLong() : candidate.reason());
        }
        return reasons.buildOrThrow();
    }
}
