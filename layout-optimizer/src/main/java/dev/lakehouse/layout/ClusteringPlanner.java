package dev.lakehouse.layout;

import com.google.common.collect.ImmutableList;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.lakehouse.layout.ClusteringPlan.SelectionReason.OVERLAPPING;
import static dev.lakehouse.layout.ClusteringPlan.SelectionReason.UNCLUSTERED;
import static java.util.Objects.requireNonNull;

/**
 * Plans an incremental clustering run: per partition, the files that are not clustered yet, and the clustered
 * files of the runs that have to be merged so that no key box is covered by too many runs.
 *
 * <p>A file is clustered when its tags say a clustering run wrote it for exactly the options' columns and
 * curve ({@link ClusteringTags#isClustered(Map, List, CurveKind)}). Its key box is the product of its
 * closed {@code [min, max]} ranges on all clustering columns: all-null columns are the point NULL, below
 * every value; unknown ranges (and {@code min > max}) are the whole axis, since such a file may hold any
 * value. Two boxes overlap when they intersect on every clustering column. Why boxes rather than the first
 * column: along a Hilbert or Z-order curve each file covers a slice of every column, so neighbouring files
 * share stretches of the first column by design; a query must read two files only if their boxes meet.
 *
 * <p>The overlap depth of a clustered file is the number of other runs with a file whose box overlaps its box:
 * how many more files than one a point query in its box may have to read. Why runs and not files: the files of
 * one run were sorted together, so their boxes are as separate as the data allows, and a point query reads at
 * most one file of each run (a value whose rows fill more than a file aside); a small run that spans the whole
 * key space (the new rows of a stream) costs one file per query, not one per file of the runs it overlaps.
 *
 * <p>When a file is deeper than {@link ClusteringOptions#maxOverlapDepth()}, runs are merged, smallest first
 * (the new, unclustered files always being part of the merge), until no file would be too deep, and then further
 * while the next run is at most {@link #MERGE_SIZE_RATIO} times the bytes merged so far: size-tiered, so that a
 * byte is rewritten about once per doubling of the data around it rather than on every run. Of each merged run,
 * the files that overlap a file of another run are rewritten; its other files already stand apart.
 *
 * <p>A run of at least {@link ClusteringOptions#stableRunSizeBytes()} (in the partition) is stable, as Databricks'
 * ZCubes are once they reach their minimum cube size: it is never merged again and other runs' depth does not count
 * it. Without stable runs a byte is rewritten about once per doubling of the data; with them, only until its run
 * reaches that size, and a query over a box reads a file of each stable run whose files meet the box.
 *
 * <p>A partition whose files are all clustered and within the depth yields no group, so running the
 * planner again right after a clustering run plans nothing. The plan depends only on the files, not on
 * their order.
 */
public final class ClusteringPlanner
{
    /**
     * After the merge is deep enough, the next run (by size) joins it while it is at most this many times the
     * bytes merged so far: a run is merged with runs of about its size, as size-tiered compaction does.
     */
    static final int MERGE_SIZE_RATIO = 2;
    // run ids of the unclustered files, and of the runs being merged, in the depth computations (tags never hold them)
    private static final String NEW_RUN = "\u0000new";
    private static final String MERGED_RUN = "\u0000merged";

    private final ClusteringOptions options;
    private final List<ExtendedOrder> orders;

    /**
     * @param comparators the order of each clustering column's values (for Trino values: the order of the
     *         column's type); other entries are ignored
     */
    public ClusteringPlanner(ClusteringOptions options, Map<String, Comparator<Object>> comparators)
    {
        this.options = requireNonNull(options, "options is null");
        requireNonNull(comparators, "comparators is null");
        ImmutableList.Builder<ExtendedOrder> orders = ImmutableList.builder();
        for (String column : options.clusteringColumns()) {
            Comparator<Object> comparator = comparators.get(column);
            checkArgument(comparator != null, "no comparator for clustering column %s", column);
            orders.add(new ExtendedOrder(comparator));
        }
        this.orders = orders.build();
    }

    /**
     * @param files the data files of a snapshot, each once
     * @throws IllegalArgumentException if a path appears twice
     */
    public ClusteringPlan plan(Collection<DataFileDescriptor> files)
    {
        ImmutableList.Builder<ClusteringPlan.Group> groups = ImmutableList.builder();
        for (Map.Entry<Map<String, Optional<String>>, List<DataFileDescriptor>> partition : Partitions.byPartition(files).entrySet()) {
            planPartition(partition.getKey(), partition.getValue()).ifPresent(groups::add);
        }
        return new ClusteringPlan(options.clusteringColumns(), options.curve(), options.targetFileSizeBytes(), groups.build());
    }

    private Optional<ClusteringPlan.Group> planPartition(Map<String, Optional<String>> partition, List<DataFileDescriptor> files)
    {
        List<ClusteringPlan.SelectedFile> selected = new ArrayList<>();
        List<Boxed> boxes = new ArrayList<>();
        Set<String> stableRuns = stableRuns(files);
        for (DataFileDescriptor file : files) {
            if (ClusteringTags.isClustered(file.tags(), options.clusteringColumns(), options.curve())) {
                String run = ClusteringTags.runId(file.tags()).orElseThrow();
                if (!stableRuns.contains(run)) {
                    boxes.add(box(file, run));
                }
            }
            else {
                selected.add(new ClusteringPlan.SelectedFile(file, UNCLUSTERED));
                boxes.add(box(file, NEW_RUN));
            }
        }
        for (Boxed boxed : selectRunsToMerge(boxes)) {
            selected.add(new ClusteringPlan.SelectedFile(boxed.file, OVERLAPPING));
        }
        if (selected.isEmpty()) {
            return Optional.empty();
        }
        selected.sort(Comparator.comparing(file -> file.file().path()));
        long totalSize = selected.stream().mapToLong(file -> file.file().sizeInBytes()).sum();
        int outputFiles = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (totalSize + options.targetFileSizeBytes() - 1) / options.targetFileSizeBytes()));
        return Optional.of(new ClusteringPlan.Group(partition, selected, totalSize, outputFiles));
    }

    /**
     * The runs of the partition that reached {@link ClusteringOptions#stableRunSizeBytes()}: left as they are, and
     * out of every depth computation, so that a byte stops being rewritten once its run is that large.
     */
    private Set<String> stableRuns(List<DataFileDescriptor> files)
    {
        Map<String, Long> runBytes = new HashMap<>();
        for (DataFileDescriptor file : files) {
            if (ClusteringTags.isClustered(file.tags(), options.clusteringColumns(), options.curve())) {
                runBytes.merge(ClusteringTags.runId(file.tags()).orElseThrow(), file.sizeInBytes(), Long::sum);
            }
        }
        Set<String> stable = new HashSet<>();
        runBytes.forEach((run, bytes) -> {
            if (bytes >= options.stableRunSizeBytes()) {
                stable.add(run);
            }
        });
        return stable;
    }

    /**
     * The clustered files to rewrite with the new ones: those of the runs merged (see the class comment) that
     * overlap a file of another run. None while every clustered file is within the depth.
     */
    private List<Boxed> selectRunsToMerge(List<Boxed> boxes)
    {
        findOverlaps(boxes);
        Set<String> merged = new HashSet<>(Set.of(NEW_RUN));
        if (maxDepthAfterMerging(boxes, merged) <= options.maxOverlapDepth()) {
            return List.of();
        }
        Map<String, Long> runBytes = new TreeMap<>();
        for (Boxed boxed : boxes) {
            runBytes.merge(boxed.run, boxed.file.sizeInBytes(), Long::sum);
        }
        long mergedBytes = runBytes.getOrDefault(NEW_RUN, 0L);
        List<String> bySize = runBytes.keySet().stream()
                .filter(run -> !run.equals(NEW_RUN))
                .sorted(Comparator.comparingLong((String run) -> runBytes.get(run)).thenComparing(run -> run))
                .toList();
        boolean deepEnough = false;
        for (String run : bySize) {
            if (deepEnough && runBytes.get(run) > MERGE_SIZE_RATIO * mergedBytes) {
                break;
            }
            merged.add(run);
            mergedBytes += runBytes.get(run);
            deepEnough = deepEnough || maxDepthAfterMerging(boxes, merged) <= options.maxOverlapDepth();
        }
        return boxes.stream()
                .filter(boxed -> !boxed.run.equals(NEW_RUN) && merged.contains(boxed.run))
                .filter(boxed -> !boxed.overlapping.isEmpty())
                .toList();
    }

    /**
     * The largest overlap depth, in runs, once the runs in {@code merged} (and the new files) are one run whose
     * files may overlap whatever any of theirs overlaps.
     */
    private static int maxDepthAfterMerging(List<Boxed> boxes, Set<String> merged)
    {
        int max = 0;
        Set<String> overlappingMerged = new HashSet<>();
        for (Boxed boxed : boxes) {
            boolean inMerge = merged.contains(boxed.run);
            Set<String> runs = new HashSet<>();
            for (Boxed other : boxed.overlapping) {
                String otherRun = merged.contains(other.run) ? MERGED_RUN : other.run;
                if (inMerge) {
                    if (!otherRun.equals(MERGED_RUN)) {
                        overlappingMerged.add(otherRun);
                    }
                }
                else if (!otherRun.equals(boxed.run)) {
                    runs.add(otherRun);
                }
            }
            max = Math.max(max, runs.size());
        }
        return Math.max(max, overlappingMerged.size());
    }

    /**
     * Records, for each file, the files of other runs whose boxes meet its box. Pairs are found by a sweep along
     * the first column: with boxes sorted by their lower end there, a box can only meet the boxes that start before
     * its upper end, so the other columns are compared only for boxes that already meet on the first one.
     */
    private void findOverlaps(List<Boxed> boxes)
    {
        ExtendedOrder first = orders.getFirst();
        boxes.sort(Comparator.<Boxed, Object>comparing(boxed -> boxed.intervals.getFirst().low(), first)
                .thenComparing(boxed -> boxed.file.path()));
        forEachOverlappingPair(boxes, (left, right) -> {
            left.overlapping.add(right);
            right.overlapping.add(left);
        });
    }

    private void forEachOverlappingPair(List<Boxed> sorted, PairConsumer consumer)
    {
        ExtendedOrder first = orders.getFirst();
        for (int i = 0; i < sorted.size(); i++) {
            Boxed left = sorted.get(i);
            Object high = left.intervals.getFirst().high();
            for (int j = i + 1; j < sorted.size(); j++) {
                Boxed right = sorted.get(j);
                if (first.compare(right.intervals.getFirst().low(), high) > 0) {
                    break;
                }
                if (!left.run.equals(right.run) && overlapBeyondFirstColumn(left, right)) {
                    consumer.accept(left, right);
                }
            }
        }
    }

    private boolean overlapBeyondFirstColumn(Boxed left, Boxed right)
    {
        for (int column = 1; column < orders.size(); column++) {
            if (!orders.get(column).intersect(left.intervals.get(column), right.intervals.get(column))) {
                return false;
            }
        }
        return true;
    }

    private Boxed box(DataFileDescriptor file, String run)
    {
        ImmutableList.Builder<ExtendedOrder.Interval> intervals = ImmutableList.builder();
        for (int column = 0; column < orders.size(); column++) {
            intervals.add(orders.get(column).interval(file.range(options.clusteringColumns().get(column))));
        }
        return new Boxed(file, run, intervals.build());
    }

    /** A file with its key box and run (the new files are one run), and the files of other runs its box meets. */
    private static final class Boxed
    {
        private final DataFileDescriptor file;
        private final String run;
        private final List<ExtendedOrder.Interval> intervals;
        private final List<Boxed> overlapping = new ArrayList<>();

        private Boxed(DataFileDescriptor file, String run, List<ExtendedOrder.Interval> intervals)
        {
            this.file = file;
            this.run = run;
            this.intervals = intervals;
        }
    }

    @FunctionalInterface
    private interface PairConsumer
    {
        void accept(Boxed left, Boxed right);
    }
}
