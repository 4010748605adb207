package dev.lakehouse.layout;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static dev.lakehouse.layout.CurveKind.HILBERT;
import static dev.lakehouse.layout.CurveKind.ZORDER;
import static dev.lakehouse.layout.TestingFiles.LONG_ORDER;
import static dev.lakehouse.layout.TestingFiles.UNPARTITIONED;
import static dev.lakehouse.layout.TestingFiles.partition;
import static dev.lakehouse.layout.TestingFiles.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

final class TestLayoutMetrics
{
    private static final List<String> X = ImmutableList.of("x");
    private static final Map<String, Comparator<Object>> COMPARATORS = ImmutableMap.of("x", LONG_ORDER, "y", LONG_ORDER);

    @Test
    void testDisjointRangesHaveDepthOne()
    {
        List<DataFileDescriptor> files = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            files.add(withRange("file-" + i, range(i * 10, i * 10 + 5)));
        }
        // a single-value range between two others
        files.add(withRange("point", range(7, 7)));
        LayoutMetrics.ColumnMetrics x = metrics(files).columns().getFirst();
        assertThat(x.column()).isEqualTo("x");
        assertThat(x.averageDepth()).hasValue(1.0);
        assertThat(x.maxDepth()).isEqualTo(1);
    }

    @Test
    void testIdenticalRangesHaveTheirCountAsDepth()
    {
        for (int count = 1; count <= 5; count++) {
            List<DataFileDescriptor> files = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                files.add(withRange("file-" + i, range(100, 200)));
            }
            LayoutMetrics.ColumnMetrics x = metrics(files).columns().getFirst();
            assertThat(x.averageDepth()).hasValue(count);
            assertThat(x.maxDepth()).isEqualTo(count);

            // the same for ranges of a single value
            List<DataFileDescriptor> points = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                points.add(withRange("point-" + i, range(5, 5)));
            }
            assertThat(metrics(points).columns().getFirst().averageDepth()).hasValue(count);
        }
    }

    @Test
    void testTouchingRangesMeetAtOnePoint()
    {
        // pieces: 1, (1, 3), 3, (3, 5), 5 with depths 1, 1, 2, 1, 1
        LayoutMetrics.ColumnMetrics x = metrics(ImmutableList.of(withRange("a", range(1, 3)), withRange("b", range(3, 5)))).columns().getFirst();
        assertThat(x.averageDepth().orElseThrow()).isCloseTo(6.0 / 5, within(1e-12));
        assertThat(x.maxDepth()).isEqualTo(2);
    }

    /** The sweep against counting, for each piece of the domain, the ranges that contain it. */
    @Test
    void testDepthAgainstBruteForce()
    {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            List<DataFileDescriptor> files = new ArrayList<>();
            List<long[]> ranges = new ArrayList<>();
            int count = random.nextInt(1, 40);
            for (int i = 0; i < count; i++) {
                long min = random.nextLong(100);
                long max = min + random.nextLong(30);
                ranges.add(new long[] {min, max});
                files.add(withRange("file-" + i, range(min, max)));
            }
            TreeSet<Long> endpoints = new TreeSet<>();
            ranges.forEach(bounds -> {
                endpoints.add(bounds[0]);
                endpoints.add(bounds[1]);
            });
            // each endpoint, and the middle of each gap between endpoints, stands for its piece
            List<Double> pieces = new ArrayList<>();
            Long previous = null;
            for (long endpoint : endpoints) {
                if (previous != null) {
                    pieces.add((previous + endpoint) / 2.0);
                }
                pieces.add((double) endpoint);
                previous = endpoint;
            }
            long sum = 0;
            int covered = 0;
            int max = 0;
            for (double piece : pieces) {
                int depth = (int) ranges.stream().filter(bounds -> bounds[0] <= piece && piece <= bounds[1]).count();
                if (depth > 0) {
                    sum += depth;
                    covered++;
                    max = Math.max(max, depth);
                }
            }
            LayoutMetrics.ColumnMetrics x = metrics(files).columns().getFirst();
            assertThat(x.averageDepth().orElseThrow()).isCloseTo((double) sum / covered, within(1e-12));
            assertThat(x.maxDepth()).isEqualTo(max);
        }
    }

    @Test
    void testDepthIsMeasuredWithinPartitions()
    {
        List<DataFileDescriptor> files = new ArrayList<>();
        for (String day : new String[] {null, "monday", "tuesday"}) {
            files.add(TestingFiles.file("a-" + day, partition("day", day), 10, ImmutableMap.of(), ImmutableMap.of("x", range(0, 10))));
        }
        assertThat(metrics(files).columns().getFirst().averageDepth()).hasValue(1.0);
        // two files in one partition: its three pieces have depth 2, the other partitions' depth 1
        files.add(TestingFiles.file("b-monday", partition("day", "monday"), 10, ImmutableMap.of(), ImmutableMap.of("x", range(0, 10))));
        assertThat(metrics(files).columns().getFirst().averageDepth().orElseThrow()).isCloseTo((3 * 2 + 2 * 3 * 1) / 9.0, within(1e-12));
    }

    @Test
    void testNullsAndUnknownRanges()
    {
        List<DataFileDescriptor> files = ImmutableList.of(
                withRange("bounded-0", range(0, 10)),
                withRange("bounded-1", range(20, 30)),
                withRange("all-nulls", ColumnRange.allNulls()),
                withRange("unknown", ColumnRange.unknown()),
                withRange("inverted", range(9, 1)),
                TestingFiles.file("missing", UNPARTITIONED, 10, ImmutableMap.of(), ImmutableMap.of()));
        LayoutMetrics metrics = LayoutMetrics.compute(files, ImmutableList.of("x", "y"), COMPARATORS, 0);
        LayoutMetrics.ColumnMetrics x = metrics.columns().get(0);
        // all-null files have exact statistics, outside every range; the other three cannot say
        assertThat(x.averageDepth()).hasValue(1.0);
        assertThat(x.filesWithoutStats()).isEqualTo(3);
        assertThat(x.filesWithoutStatsFraction()).isEqualTo(3.0 / 6);
        LayoutMetrics.ColumnMetrics y = metrics.columns().get(1);
        assertThat(y.averageDepth()).isEmpty();
        assertThat(y.maxDepth()).isZero();
        assertThat(y.filesWithoutStatsFraction()).isEqualTo(1.0);
    }

    @Test
    void testSmallFilesAndClusteredBytes()
    {
        List<String> columns = ImmutableList.of("x", "y");
        List<DataFileDescriptor> files = ImmutableList.of(
                TestingFiles.file("small-hilbert", UNPARTITIONED, 10, ClusteringTags.of(columns, HILBERT, "run-1"), ImmutableMap.of()),
                TestingFiles.file("large-zorder", UNPARTITIONED, 1000, ClusteringTags.of(columns, ZORDER, "run-2"), ImmutableMap.of()),
                TestingFiles.file("other-columns", partition("day", null), 200, ClusteringTags.of(X, HILBERT, "run-1"), ImmutableMap.of()),
                TestingFiles.file("plain", partition("day", "monday"), 90, ImmutableMap.of(), ImmutableMap.of()),
                TestingFiles.file("exactly-threshold", partition("day", "monday"), 100, ImmutableMap.of(), ImmutableMap.of()));
        LayoutMetrics metrics = LayoutMetrics.compute(files, columns, COMPARATORS, 100);
        assertThat(metrics.fileCount()).isEqualTo(5);
        assertThat(metrics.totalBytes()).isEqualTo(1400);
        assertThat(metrics.smallFileCount()).isEqualTo(2);
        assertThat(metrics.smallFileRatio()).isEqualTo(2.0 / 5);
        assertThat(metrics.clusteredBytes()).isEqualTo(1010);
        assertThat(metrics.clusteredBytesFraction()).isEqualTo(1010.0 / 1400);

        LayoutMetrics withoutColumns = LayoutMetrics.compute(files, ImmutableList.of(), ImmutableMap.of(), 100);
        assertThat(withoutColumns.clusteredBytes()).isZero();
        assertThat(withoutColumns.columns()).isEmpty();
    }

    @Test
    void testEmptySnapshot()
    {
        LayoutMetrics metrics = metrics(ImmutableList.of());
        assertThat(metrics.fileCount()).isZero();
        assertThat(metrics.smallFileRatio()).isZero();
        assertThat(metrics.clusteredBytesFraction()).isZero();
        assertThat(metrics.columns().getFirst().averageDepth()).isEmpty();
        assertThat(metrics.columns().getFirst().filesWithoutStatsFraction()).isZero();
    }

    /** Clustering is what the depth measures: the same rows cut along the curve give shallower files than in arrival order. */
    @Test
    void testClusteredFilesAreShallower()
    {
        Random random = new Random(8);
        List<long[]> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(new long[] {random.nextLong(1 << 10), random.nextLong(1 << 10)});
        }
        double arrival = averageDepthOfCut(rows, "y");
        SpaceFillingCurve curve = SpaceFillingCurve.create(HILBERT, 2, 10);
        rows.sort(Comparator.comparing(row -> curve.index(row)));
        double hilbert = averageDepthOfCut(rows, "y");
        assertThat(arrival).isGreaterThan(50);
        assertThat(hilbert).isLessThan(arrival / 5);
    }

    private static double averageDepthOfCut(List<long[]> rows, String column)
    {
        int dimension = column.equals("x") ? 0 : 1;
        List<DataFileDescriptor> files = new ArrayList<>();
        int rowsPerFile = 200;
        for (int file = 0; file * rowsPerFile < rows.size(); file++) {
            List<long[]> slice = rows.subList(file * rowsPerFile, (file + 1) * rowsPerFile);
            long min = slice.stream().mapToLong(row -> row[dimension]).min().orElseThrow();
            long max = slice.stream().mapToLong(row -> row[dimension]).max().orElseThrow();
            files.add(TestingFiles.file("file-" + file, UNPARTITIONED, 10, ImmutableMap.of(), ImmutableMap.of(column, range(min, max))));
        }
        return LayoutMetrics.compute(files, ImmutableList.of(column), COMPARATORS, 0).columns().getFirst().averageDepth().orElseThrow();
    }

    @Test
    void testValidation()
    {
        assertThatThrownBy(() -> LayoutMetrics.compute(ImmutableList.of(), X, ImmutableMap.of(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no comparator for clustering column x");
        assertThatThrownBy(() -> LayoutMetrics.compute(ImmutableList.of(), X, COMPARATORS, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("smallFileThresholdBytes must not be negative, got -1");
    }

    private static LayoutMetrics metrics(List<DataFileDescriptor> files)
    {
        return LayoutMetrics.compute(files, X, COMPARATORS, 0);
    }

    private static DataFileDescriptor withRange(String path, ColumnRange range)
    {
        return TestingFiles.file(path, UNPARTITIONED, 10, ImmutableMap.of(), ImmutableMap.of("x", range));
    }
}
