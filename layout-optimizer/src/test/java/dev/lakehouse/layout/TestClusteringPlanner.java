package dev.lakehouse.layout;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static dev.lakehouse.layout.ClusteringPlan.SelectionReason.OVERLAPPING;
import static dev.lakehouse.layout.ClusteringPlan.SelectionReason.UNCLUSTERED;
import static dev.lakehouse.layout.CurveKind.HILBERT;
import static dev.lakehouse.layout.CurveKind.ZORDER;
import static dev.lakehouse.layout.TestingFiles.LONG_ORDER;
import static dev.lakehouse.layout.TestingFiles.UNPARTITIONED;
import static dev.lakehouse.layout.TestingFiles.partition;
import static dev.lakehouse.layout.TestingFiles.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestClusteringPlanner
{
    private static final long MB = 1L << 20;
    private static final List<String> COLUMNS = ImmutableList.of("x", "y");
    private static final Map<String, Comparator<Object>> COMPARATORS = ImmutableMap.of("x", LONG_ORDER, "y", LONG_ORDER);

    @Test
    void testPicksUnclusteredFiles()
    {
        List<DataFileDescriptor> files = ImmutableList.of(
                file("b", UNPARTITIONED, 100 * MB, ImmutableMap.of(), 0, 50, 0, 50),
                file("a", UNPARTITIONED, 100 * MB, ImmutableMap.of("other", "tag"), 0, 50, 0, 50),
                file("c", UNPARTITIONED, 70 * MB, ImmutableMap.of(), 60, 90, 0, 50));
        ClusteringPlan plan = planner(2).plan(files);

        assertThat(plan.clusteringColumns()).isEqualTo(COLUMNS);
        assertThat(plan.curve()).isEqualTo(HILBERT);
        assertThat(plan.groups()).hasSize(1);
        ClusteringPlan.Group group = plan.groups().getFirst();
        assertThat(selection(group)).containsExactly("a UNCLUSTERED", "b UNCLUSTERED", "c UNCLUSTERED");
        assertThat(group.totalSizeBytes()).isEqualTo(270 * MB);
        // 270MB of input in files of 128MB
        assertThat(group.expectedOutputFiles()).isEqualTo(3);
        assertThat(plan.inputFileCount(UNCLUSTERED)).isEqualTo(3);
        assertThat(plan.inputFileCount(OVERLAPPING)).isZero();
    }

    @Test
    void testOtherColumnsOrCurveCountAsUnclustered()
    {
        List<DataFileDescriptor> files = ImmutableList.of(
                file("same", UNPARTITIONED, MB, ClusteringTags.of(COLUMNS, HILBERT, "run-1"), 0, 10, 0, 10),
                file("zorder", UNPARTITIONED, MB, ClusteringTags.of(COLUMNS, ZORDER, "run-1"), 20, 30, 0, 10),
                file("reversed", UNPARTITIONED, MB, ClusteringTags.of(ImmutableList.of("y", "x"), HILBERT, "run-1"), 40, 50, 0, 10),
                file("prefix", UNPARTITIONED, MB, ClusteringTags.of(ImmutableList.of("x"), HILBERT, "run-1"), 60, 70, 0, 10));
        ClusteringPlan plan = planner(2).plan(files);
        assertThat(plan.groups()).hasSize(1);
        assertThat(selection(plan.groups().getFirst())).containsExactly("prefix UNCLUSTERED", "reversed UNCLUSTERED", "zorder UNCLUSTERED");
    }

    @Test
    void testLeavesAWellClusteredPartitionAlone()
    {
        Map<String, String> run = ClusteringTags.of(COLUMNS, HILBERT, "run-1");
        List<DataFileDescriptor> files = new ArrayList<>();
        // a 4 x 4 grid of disjoint boxes ...
        for (int i = 0; i < 16; i++) {
            long x = (i % 4) * 100;
            long y = (i / 4) * 100;
            files.add(file("grid-" + i, UNPARTITIONED, 100 * MB, run, x, x + 99, y, y + 99));
        }
        // ... and files of the same run that touch or overlap each other: the best the data allowed that run
        files.add(file("touching-0", UNPARTITIONED, 100 * MB, run, 500, 600, 0, 99));
        files.add(file("touching-1", UNPARTITIONED, 100 * MB, run, 600, 700, 0, 99));
        files.add(file("touching-2", UNPARTITIONED, 100 * MB, run, 550, 650, 0, 99));
        assertThat(planner(0).plan(files).isEmpty()).isTrue();

        // one new unclustered file: once clustered it is a second run over the grid (depth 1), which a depth of 1
        // allows: only it is planned, the clustered files stay
        files.add(file("new", UNPARTITIONED, 10 * MB, ImmutableMap.of(), 0, 399, 0, 399));
        ClusteringPlan plan = planner(1).plan(files);
        assertThat(plan.groups()).hasSize(1);
        assertThat(selection(plan.groups().getFirst())).containsExactly("new UNCLUSTERED");
        assertThat(plan.groups().getFirst().expectedOutputFiles()).isEqualTo(1);
        // a depth of 0 asks for one run wherever boxes meet: the grid files under the new one are merged with it
        List<String> merged = selection(planner(0).plan(files).groups().getFirst());
        assertThat(merged).contains("new UNCLUSTERED").hasSize(17).doesNotContain("touching-0 OVERLAPPING");
    }

    @Test
    void testPicksClusteredFilesOverlappingOtherRuns()
    {
        Map<String, String> first = ClusteringTags.of(COLUMNS, HILBERT, "run-1");
        Map<String, String> second = ClusteringTags.of(COLUMNS, HILBERT, "run-2");
        List<DataFileDescriptor> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            files.add(file("first-" + i, UNPARTITIONED, 100 * MB, first, i * 10, i * 10 + 9, 0, 99));
        }
        files.add(file("first-far", UNPARTITIONED, 100 * MB, first, 1000, 1009, 0, 99));
        // the second run wrote one file across the first run's four: depth 4 for it, 1 for each of them
        files.add(file("second-wide", UNPARTITIONED, 100 * MB, second, 0, 39, 0, 99));
        // overlaps first-far on x but not on y: its box meets no other box
        files.add(file("second-apart", UNPARTITIONED, 100 * MB, second, 1000, 1009, 500, 599));

        // depth counts runs: second-wide meets four files, but of one run; a point query reads at most one of each
        ClusteringPlan plan = planner(0).plan(files);
        assertThat(plan.groups()).hasSize(1);
        // merging both runs rewrites the files that meet the other run; those that stand apart stay
        assertThat(selection(plan.groups().getFirst())).containsExactly(
                "first-0 OVERLAPPING", "first-1 OVERLAPPING", "first-2 OVERLAPPING", "first-3 OVERLAPPING", "second-wide OVERLAPPING");
        assertThat(plan.inputFileCount(OVERLAPPING)).isEqualTo(5);

        // within the threshold: nothing to do
        assertThat(planner(1).plan(files).isEmpty()).isTrue();
    }

    /**
     * A stream of small runs over one big run, each spanning the whole key space: the small runs are merged first,
     * and the big run joins only once the merged runs reach half its size (size-tiered), so each clustering rewrites
     * about what it must rather than the whole table.
     */
    @Test
    void testSmallRunsAreMergedBeforeTheBigOne()
    {
        List<DataFileDescriptor> files = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            files.add(file("big-" + i, UNPARTITIONED, 10 * MB, ClusteringTags.of(COLUMNS, HILBERT, "big"), i * 100, i * 100 + 99, 0, 999));
        }
        for (int run = 1; run <= 2; run++) {
            files.add(file("small-" + run, UNPARTITIONED, 10 * MB, ClusteringTags.of(COLUMNS, HILBERT, "small-" + run), 0, 999, 0, 999));
        }
        // big, small-1 and small-2 meet everywhere: depth 2, within a threshold of 2
        assertThat(planner(2).plan(files).isEmpty()).isTrue();

        // new rows would make a fourth run: the two small runs are merged with them, the big run stays
        files.add(file("new", UNPARTITIONED, 10 * MB, ImmutableMap.of(), 0, 999, 0, 999));
        assertThat(selection(planner(2).plan(files).groups().getFirst())).containsExactly("new UNCLUSTERED", "small-1 OVERLAPPING", "small-2 OVERLAPPING");

        // with a third small run, merging the two smallest is deep enough; the third (25MB) is within twice the 30MB
        // merged so far, and then the big run (100MB) within twice the 55MB: everything is merged
        files.add(file("small-3", UNPARTITIONED, 25 * MB, ClusteringTags.of(COLUMNS, HILBERT, "small-3"), 0, 999, 0, 999));
        assertThat(selection(planner(2).plan(files).groups().getFirst())).hasSize(14).contains("big-0 OVERLAPPING", "small-3 OVERLAPPING");
    }

    /**
     * The same stream with runs of 100MB and more stable: the big run is never merged and its depth does not count,
     * so only the small runs are rewritten, however large they grow together; once one reaches the stable size it
     * stays as it is too.
     */
    @Test
    void testStableRunsAreNeverMerged()
    {
        List<DataFileDescriptor> files = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            files.add(file("big-" + i, UNPARTITIONED, 10 * MB, ClusteringTags.of(COLUMNS, HILBERT, "big"), i * 100, i * 100 + 99, 0, 999));
        }
        files.add(file("small-1", UNPARTITIONED, 10 * MB, ClusteringTags.of(COLUMNS, HILBERT, "small-1"), 0, 999, 0, 999));
        files.add(file("small-2", UNPARTITIONED, 10 * MB, ClusteringTags.of(COLUMNS, HILBERT, "small-2"), 0, 999, 0, 999));
        files.add(file("small-3", UNPARTITIONED, 80 * MB, ClusteringTags.of(COLUMNS, HILBERT, "small-3"), 0, 999, 0, 999));
        files.add(file("new", UNPARTITIONED, 10 * MB, ImmutableMap.of(), 0, 999, 0, 999));

        // without stable runs: all small runs must merge to get within depth 1, and then the big run (100MB) is
        // within twice the 110MB merged: the whole table is rewritten
        assertThat(selection(planner(1).plan(files).groups().getFirst())).hasSize(14).contains("big-0 OVERLAPPING");
        // with stable runs from 100MB: big is left out; the new rows over three small runs are at depth 3 > 1, the two
        // smallest runs merged with them leave depth 1, and small-3 (80MB) is more than twice the 30MB merged
        ClusteringPlanner stable = new ClusteringPlanner(new ClusteringOptions(COLUMNS, HILBERT, 128 * MB, 1, 100 * MB), COMPARATORS);
        assertThat(selection(stable.plan(files).groups().getFirst()))
                .containsExactly("new UNCLUSTERED", "small-1 OVERLAPPING", "small-2 OVERLAPPING");
        // the new rows over one small run beside the stable run: depth 1, nothing to merge
        List<DataFileDescriptor> fewer = files.stream().filter(file -> !file.path().equals("small-1") && !file.path().equals("small-2")).toList();
        assertThat(selection(stable.plan(fewer).groups().getFirst())).containsExactly("new UNCLUSTERED");
        // once the small runs are merged into a run of 100MB, it is stable too: the next new rows are clustered alone
        List<DataFileDescriptor> merged = new ArrayList<>(files.subList(0, 10));
        merged.add(file("merged", UNPARTITIONED, 100 * MB, ClusteringTags.of(COLUMNS, HILBERT, "merged"), 0, 999, 0, 999));
        merged.add(file("next", UNPARTITIONED, 10 * MB, ImmutableMap.of(), 0, 999, 0, 999));
        assertThat(selection(stable.plan(merged).groups().getFirst())).containsExactly("next UNCLUSTERED");
        assertThatThrownBy(() -> new ClusteringOptions(COLUMNS, HILBERT, 1, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stableRunSizeBytes must be positive, got 0");
    }

    @Test
    void testNullsAndUnknownRanges()
    {
        Map<String, String> first = ClusteringTags.of(COLUMNS, HILBERT, "run-1");
        Map<String, String> second = ClusteringTags.of(COLUMNS, HILBERT, "run-2");
        Map<String, ColumnRange> allNullX = ImmutableMap.of("x", ColumnRange.allNulls(), "y", range(0, 9));
        List<DataFileDescriptor> files = ImmutableList.of(
                file("first-0", UNPARTITIONED, MB, first, 0, 9, 0, 9),
                file("first-1", UNPARTITIONED, MB, first, 10, 19, 0, 9),
                file("first-nulls", UNPARTITIONED, MB, first, allNullX),
                // all nulls only meet all nulls: sorted first, they share the point NULL
                file("second-nulls", UNPARTITIONED, MB, second, allNullX),
                file("second-0", UNPARTITIONED, MB, second, 20, 29, 0, 9));
        assertThat(selection(planner(0).plan(files).groups().getFirst())).containsExactly("first-nulls OVERLAPPING", "second-nulls OVERLAPPING");
        assertThat(planner(1).plan(files).isEmpty()).isTrue();

        // a file without statistics on y may hold anything there: its box meets all three files of the other run
        List<DataFileDescriptor> withUnknown = ImmutableList.<DataFileDescriptor>builder()
                .addAll(files.subList(0, 3))
                .add(file("second-no-stats", UNPARTITIONED, MB, second, ImmutableMap.of("x", ColumnRange.unknown())))
                .build();
        assertThat(selection(planner(0).plan(withUnknown).groups().getFirst()))
                .containsExactly("first-0 OVERLAPPING", "first-1 OVERLAPPING", "first-nulls OVERLAPPING", "second-no-stats OVERLAPPING");
        assertThat(planner(1).plan(withUnknown).isEmpty()).isTrue();
    }

    @Test
    void testOneGroupPerPartitionIncludingTheNullPartition()
    {
        Map<String, String> run = ClusteringTags.of(COLUMNS, HILBERT, "run-1");
        Map<String, Optional<String>> nullDay = partition("day", null);
        Map<String, Optional<String>> monday = partition("day", "monday");
        Map<String, Optional<String>> tuesday = partition("day", "tuesday");
        List<DataFileDescriptor> files = new ArrayList<>();
        // the same key ranges in three partitions: files of different partitions never overlap
        for (Map<String, Optional<String>> partition : ImmutableList.of(monday, nullDay, tuesday)) {
            String day = partition.get("day").orElse("null");
            files.add(file(day + "-clustered-0", partition, MB, run, 0, 9, 0, 9));
            files.add(file(day + "-clustered-1", partition, MB, run, 10, 19, 0, 9));
            if (!partition.equals(tuesday)) {
                files.add(file(day + "-new", partition, MB, ImmutableMap.of(), 0, 19, 0, 9));
            }
        }
        // a depth of 1 lets the new files become a second run over the clustered ones
        ClusteringPlanner planner = planner(1);
        ClusteringPlan plan = planner.plan(files);
        assertThat(plan.groups()).extracting(ClusteringPlan.Group::partitionValues).containsExactly(nullDay, monday);
        assertThat(selection(plan.groups().get(0))).containsExactly("null-new UNCLUSTERED");
        assertThat(selection(plan.groups().get(1))).containsExactly("monday-new UNCLUSTERED");

        List<DataFileDescriptor> shuffled = new ArrayList<>(files);
        Collections.shuffle(shuffled, new Random(5));
        assertThat(planner.plan(shuffled)).isEqualTo(plan);
    }

    /**
     * Files as a clustering run writes them: random points sorted along the Hilbert curve and cut into
     * files of equal row counts. One run plans nothing; a second run that clustered only new rows, spread
     * over the same space, leaves boxes that overlap the first run's, and those get planned.
     */
    @Test
    void testFilesCutFromTheCurve()
    {
        Random random = new Random(6);
        SpaceFillingCurve curve = SpaceFillingCurve.create(HILBERT, 2, 10);
        List<DataFileDescriptor> files = new ArrayList<>(cutAlongCurve(curve, random, "run-1", 64));
        assertThat(planner(0).plan(files).isEmpty()).isTrue();

        List<DataFileDescriptor> secondRun = cutAlongCurve(curve, random, "run-2", 4);
        files.addAll(secondRun);
        assertThat(planner(1).plan(files).isEmpty()).isTrue();
        ClusteringPlan plan = planner(0).plan(files);
        assertThat(plan.groups()).hasSize(1);
        List<String> selected = plan.groups().getFirst().dataFiles().stream().map(DataFileDescriptor::path).toList();
        // each wide file of the second run meets many narrow files of the first
        assertThat(selected).containsAll(secondRun.stream().map(DataFileDescriptor::path).toList());
        assertThat(selected.size()).isGreaterThan(secondRun.size() + 8);
        assertThat(plan.inputFileCount(UNCLUSTERED)).isZero();
    }

    /**
     * 10,000 files in one partition: a 100 x 100 grid of boxes clustered by one run, then shifted by half a
     * cell by a second run on a quarter of the grid, so each second-run box meets four first-run boxes.
     */
    @Test
    void testTenThousandFiles()
    {
        Map<String, String> first = ClusteringTags.of(COLUMNS, HILBERT, "run-1");
        Map<String, String> second = ClusteringTags.of(COLUMNS, HILBERT, "run-2");
        List<DataFileDescriptor> files = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < 100; j++) {
                files.add(file("first-%02d-%02d".formatted(i, j), UNPARTITIONED, MB, first, i * 100, i * 100 + 99, j * 100, j * 100 + 99));
            }
        }
        List<DataFileDescriptor> shuffled = new ArrayList<>(files);
        Collections.shuffle(shuffled, new Random(9));
        ClusteringPlanner planner = planner(0);
        assertThat(planner.plan(shuffled).isEmpty()).isTrue();

        List<DataFileDescriptor> secondRun = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 50; j++) {
                secondRun.add(file("second-%02d-%02d".formatted(i, j), UNPARTITIONED, MB, second, i * 200 + 50, i * 200 + 149, j * 200 + 50, j * 200 + 149));
            }
        }
        shuffled.addAll(secondRun);
        Collections.shuffle(shuffled, new Random(10));
        planner.plan(shuffled);
        long start = System.nanoTime();
        ClusteringPlan plan = planner.plan(shuffled);
        long elapsed = System.nanoTime() - start;
        System.out.printf("clustering plan of %s files: %s selected, %.1f ms%n", shuffled.size(), plan.inputFileCount(), elapsed / 1e6);

        // each second-run box meets exactly four first-run boxes, each first-run box one second-run box: depth 1
        // against a threshold of 0, so both runs are merged, every file of them meeting the other run
        assertThat(plan.inputFileCount(OVERLAPPING)).isEqualTo(secondRun.size() * 5);
        assertThat(planner(1).plan(shuffled).isEmpty()).isTrue();
        assertThat(elapsed).isLessThan(5_000_000_000L);
    }

    @Test
    void testOptionsValidation()
    {
        assertThatThrownBy(() -> new ClusteringOptions(ImmutableList.of(), HILBERT, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clusteringColumns must name 1 to 8 columns, got []");
        assertThatThrownBy(() -> new ClusteringOptions(ImmutableList.of("x", "x"), HILBERT, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clusteringColumns names x twice: [x, x]");
        assertThatThrownBy(() -> new ClusteringOptions(COLUMNS, HILBERT, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("targetFileSizeBytes must be positive, got 0");
        assertThatThrownBy(() -> new ClusteringOptions(COLUMNS, HILBERT, 1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxOverlapDepth must not be negative, got -1");
        assertThatThrownBy(() -> new ClusteringPlanner(new ClusteringOptions(COLUMNS, HILBERT, 1, 1), ImmutableMap.of("x", LONG_ORDER)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no comparator for clustering column y");
    }

    private static List<DataFileDescriptor> cutAlongCurve(SpaceFillingCurve curve, Random random, String run, int fileCount)
    {
        int rowsPerFile = 200;
        List<long[]> points = new ArrayList<>();
        for (int i = 0; i < fileCount * rowsPerFile; i++) {
            points.add(new long[] {random.nextLong(1024), random.nextLong(1024)});
        }
        points.sort(Comparator.comparing(point -> curve.index(point)));
        List<DataFileDescriptor> files = new ArrayList<>();
        for (int file = 0; file < fileCount; file++) {
            List<long[]> rows = points.subList(file * rowsPerFile, (file + 1) * rowsPerFile);
            long minX = rows.stream().mapToLong(point -> point[0]).min().orElseThrow();
            long maxX = rows.stream().mapToLong(point -> point[0]).max().orElseThrow();
            long minY = rows.stream().mapToLong(point -> point[1]).min().orElseThrow();
            long maxY = rows.stream().mapToLong(point -> point[1]).max().orElseThrow();
            files.add(file(run + "-" + file, UNPARTITIONED, MB, ClusteringTags.of(COLUMNS, HILBERT, run), minX, maxX, minY, maxY));
        }
        return files;
    }

    private static ClusteringPlanner planner(int maxOverlapDepth)
    {
        return new ClusteringPlanner(new ClusteringOptions(COLUMNS, HILBERT, 128 * MB, maxOverlapDepth), COMPARATORS);
    }

    private static List<String> selection(ClusteringPlan.Group group)
    {
        return group.files().stream().map(selected -> selected.file().path() + " " + selected.reason()).toList();
    }

    private static DataFileDescriptor file(String path, Map<String, Optional<String>> partition, long size, Map<String, String> tags, long minX, long maxX, long minY, long maxY)
    {
        return file(path, partition, size, tags, ImmutableMap.of("x", range(minX, maxX), "y", range(minY, maxY)));
    }

    private static DataFileDescriptor file(String path, Map<String, Optional<String>> partition, long size, Map<String, String> tags, Map<String, ColumnRange> ranges)
    {
        return TestingFiles.file(path, partition, size, tags, ranges);
    }
}
