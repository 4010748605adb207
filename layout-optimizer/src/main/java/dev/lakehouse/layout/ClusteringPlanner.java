package dev.lakehouse.layout;

import com.google.common.collect.ImmutableList;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.lakehouse.layout.ClusteringPlan.SelectionReason.OVERLAPPING;
import static dev.lakehouse.layout.ClusteringPlan.SelectionReason.UNCLUSTERED;
import static java.util.Objects.requireNonNull;

/**
 * Plans an incremental clustering run: per partition, the files that are not clustered yet, and the
 * clustered files whose key ranges overlap too much with files clustered by other runs.
 *
 * <p>A file is clustered when its tags say a clustering run wrote it for exactly the options' columns and
 * curve ({@link ClusteringTags#isClustered(Map, List, CurveKind)}). Its key box is the product of its
 * closed {@code [min, max]} ranges on all clustering columns: all-null columns are the point NULL, below
 * every value; unknown ranges (and {@code min > max}) are the whole axis, since such a file may hold any
 * value. Two boxes overlap when they intersect on every clustering column. Why boxes rather than the first
 * column: along a Hilbert or Z-order curve each file covers a slice of every column, so neighbouring files
 * share stretches of the first column by design; a query must read two files only if their boxes meet.
 *
 * <p>The overlap depth of a clustered file is the number of clustered files of other runs in its partition
 * whose boxes overlap its box. Why only other runs: the files of one run were sorted together, so their
 * boxes are as separate as the data allows (a value whose rows fill more than a file, or the bounding box
 * of a curve stretch, makes neighbours touch), and sorting the same rows again would write the same files.
 * Overlap between runs is what incremental runs leave behind, and only rewriting the files together
 * removes it. A file whose depth is above {@link ClusteringOptions#maxOverlapDepth()} is selected together
 * with every other-run file it overlaps: rewriting it alone would write the same wide box again.
 *
 * <p>A partition whose files are all clustered and within the depth yields no group, so running the
 * planner again right after a clustering run plans nothing. The plan depends only on the files, not on
 * their order.
 */
public final class ClusteringPlanner
{
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
        List<Boxed> clustered = new ArrayList<>();
        for (DataFileDescriptor file : files) {
            if (ClusteringTags.isClustered(file.tags(), options.clusteringColumns(), options.curve())) {
                clustered.add(box(file));
            }
            else {
                selected.add(new ClusteringPlan.SelectedFile(file, UNCLUSTERED));
            }
        }
        selectOverlapping(clustered);
        for (Boxed boxed : clustered) {
            if (boxed.selected) {
                selected.add(new ClusteringPlan.SelectedFile(boxed.file, OVERLAPPING));
            }
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
     * Marks the files above the depth threshold and the files they overlap. Pairs are found by a sweep
     * along the first column: with boxes sorted by their lower end there, a box can only meet the boxes
     * that start before its upper end, so the other columns are compared only for boxes that already meet
     * on the first one.
     */
    private void selectOverlapping(List<Boxed> boxes)
    {
        ExtendedOrder first = orders.getFirst();
        boxes.sort(Comparator.<Boxed, Object>comparing(boxed -> boxed.intervals.getFirst().low(), first)
                .thenComparing(boxed -> boxed.file.path()));
        forEachOverlappingPair(boxes, (left, right) -> {
            left.depth++;
            right.depth++;
        });
        forEachOverlappingPair(boxes, (left, right) -> {
            if (left.depth > options.maxOverlapDepth() || right.depth > options.maxOverlapDepth()) {
                left.selected = true;
                right.selected = true;
            }
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

    private Boxed box(DataFileDescriptor file)
    {
        ImmutableList.Builder<ExtendedOrder.Interval> intervals = ImmutableList.builder();
        for (int column = 0; column < orders.size(); column++) {
            intervals.add(orders.get(column).interval(file.range(options.clusteringColumns().get(column))));
        }
        return new Boxed(file, ClusteringTags.runId(file.tags()).orElseThrow(), intervals.build());
    }

    /** A clustered file with its key box, and the planner's working state for it. */
    private static final class Boxed
    {
        private final DataFileDescriptor file;
        private final String run;
        private final List<ExtendedOrder.Interval> intervals;
        private int depth;
        private boolean selected;

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
