package dev.lakehouse.layout;

import com.google.common.collect.ImmutableList;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * How well a snapshot's files are laid out, computed from the log's metadata alone (no file is opened), so
 * that the maintenance service can watch it on every table and decide when to compact or cluster.
 *
 * <ul>
 * <li>{@link #smallFileRatio()}: files smaller than the threshold, divided by all files; 0 without files.</li>
 * <li>{@link #clusteredBytesFraction()}: bytes in files tagged by a clustering run on exactly the
 *     clustering columns (along any curve, {@link ClusteringTags#isClustered(Map, List)}), divided by all
 *     bytes; 0 without bytes or without clustering columns.</li>
 * <li>Per clustering column, {@link ColumnMetrics}: the average depth, how many files a query reads for a
 *     typical value, and the share of files whose statistics cannot say.</li>
 * </ul>
 *
 * @param fileCount the number of files
 * @param totalBytes their total size
 * @param smallFileCount files below the small-file threshold
 * @param clusteredBytes bytes in clustered files
 * @param columns one entry per clustering column, in order
 */
public record LayoutMetrics(int fileCount, long totalBytes, int smallFileCount, long clusteredBytes, List<ColumnMetrics> columns)
{
    public LayoutMetrics
    {
        checkArgument(fileCount >= 0, "fileCount is negative: %s", fileCount);
        checkArgument(smallFileCount >= 0 && smallFileCount <= fileCount, "smallFileCount must be between 0 and fileCount (%s), got %s", fileCount, smallFileCount);
        checkArgument(clusteredBytes >= 0 && clusteredBytes <= totalBytes, "clusteredBytes must be between 0 and totalBytes (%s), got %s", totalBytes, clusteredBytes);
        columns = ImmutableList.copyOf(requireNonNull(columns, "columns is null"));
    }

    /**
     * The layout of one clustering column.
     *
     * <p>Average depth, as Snowflake's clustering depth: take the closed ranges {@code [min, max]} of the
     * files of one partition that have bounds for the column, and cut the column's domain at their distinct
     * endpoints {@code v1 < v2 < ... < vk}. The pieces are the points {@code vi} and the open gaps
     * {@code (vi, vi+1)}; the depth of a piece is the number of ranges containing it. The average depth is
     * the mean depth over all pieces of depth at least 1 (gaps no file covers are left out), pooled over
     * all partitions (files of different partitions are never read for the same partition value). It is
     * 1.0 when no two ranges of a partition meet, and {@code N} when {@code N} files share one range; a
     * query for one value reads about that many files. Computed with one sweep over the sorted endpoints.
     * Pieces are counted, not weighted by width: string and binary domains have no width.
     *
     * <p>Files without bounds are left out of the depth: all-null files (their values lie outside every
     * range) and files without usable statistics ({@link ColumnRange.Unknown}, or {@code min > max}),
     * which are counted in {@link #filesWithoutStats()} instead.
     *
     * @param averageDepth empty when no file has bounds for the column
     * @param maxDepth the largest depth of a piece; 0 when no file has bounds
     * @param filesWithoutStats files whose range is unknown or unusable
     * @param fileCount all files
     */
    public record ColumnMetrics(String column, OptionalDouble averageDepth, int maxDepth, int filesWithoutStats, int fileCount)
    {
        public ColumnMetrics
        {
            requireNonNull(column, "column is null");
            requireNonNull(averageDepth, "averageDepth is null");
            checkArgument(filesWithoutStats >= 0 && filesWithoutStats <= fileCount, "filesWithoutStats must be between 0 and fileCount (%s), got %s", fileCount, filesWithoutStats);
        }

        /** Files without usable statistics for the column, divided by all files; 0 without files. */
        public double filesWithoutStatsFraction()
        {
            return fileCount == 0 ? 0 : (double) filesWithoutStats / fileCount;
        }
    }

    /**
     * @param files the data files of a snapshot, each once
     * @param clusteringColumns the columns to measure, in order; may be empty
     * @param comparators the order of each clustering column's values
     * @param smallFileThresholdBytes files smaller than this count as small
     */
    public static LayoutMetrics compute(Collection<DataFileDescriptor> files, List<String> clusteringColumns, Map<String, Comparator<Object>> comparators, long smallFileThresholdBytes)
    {
        requireNonNull(clusteringColumns, "clusteringColumns is null");
        requireNonNull(comparators, "comparators is null");
        checkArgument(smallFileThresholdBytes >= 0, "smallFileThresholdBytes must not be negative, got %s", smallFileThresholdBytes);
        Map<?, List<DataFileDescriptor>> partitions = Partitions.byPartition(files);

        int fileCount = 0;
        long totalBytes = 0;
        int smallFiles = 0;
        long clusteredBytes = 0;
        for (DataFileDescriptor file : files) {
            fileCount++;
            totalBytes += file.sizeInBytes();
            if (file.sizeInBytes() < smallFileThresholdBytes) {
                smallFiles++;
            }
            if (!clusteringColumns.isEmpty() && ClusteringTags.isClustered(file.tags(), clusteringColumns)) {
                clusteredBytes += file.sizeInBytes();
            }
        }

        ImmutableList.Builder<ColumnMetrics> columns = ImmutableList.builder();
        for (String column : clusteringColumns) {
            Comparator<Object> comparator = comparators.get(column);
            checkArgument(comparator != null, "no comparator for clustering column %s", column);
            DepthSweep sweep = new DepthSweep(comparator);
            int withoutStats = 0;
            for (List<DataFileDescriptor> partition : partitions.values()) {
                List<Object> mins = new ArrayList<>();
                List<Object> maxes = new ArrayList<>();
                for (DataFileDescriptor file : partition) {
                    switch (file.range(column)) {
                        case ColumnRange.Bounded(Object min, Object max) -> {
                            if (comparator.compare(min, max) <= 0) {
                                mins.add(min);
                                maxes.add(max);
                            }
                            else {
                                withoutStats++;
                            }
                        }
                        case ColumnRange.AllNulls _ -> {}
                        case ColumnRange.Unknown _ -> withoutStats++;
                    }
                }
                sweep.add(mins, maxes);
            }
            columns.add(new ColumnMetrics(column, sweep.averageDepth(), sweep.maxDepth, withoutStats, fileCount));
        }
        return new LayoutMetrics(fileCount, totalBytes, smallFiles, clusteredBytes, columns.build());
    }

    public double smallFileRatio()
    {
        return fileCount == 0 ? 0 : (double) smallFileCount / fileCount;
    }

    public double clusteredBytesFraction()
    {
        return totalBytes == 0 ? 0 : (double) clusteredBytes / totalBytes;
    }

    /** Sums depths over the pieces of the domain cut at range endpoints, one partition at a time. */
    private static final class DepthSweep
    {
        private final Comparator<Object> comparator;
        private long depthSum;
        private long pieces;
        private int maxDepth;

        private DepthSweep(Comparator<Object> comparator)
        {
            this.comparator = comparator;
        }

        /** Adds the ranges {@code [mins[i], maxes[i]]} of one partition; the lists are sorted in place. */
        void add(List<Object> mins, List<Object> maxes)
        {
            mins.sort(comparator);
            maxes.sort(comparator);
            int nextMin = 0;
            int nextMax = 0;
            // ranges that started before the current value and have not ended before it
            int open = 0;
            while (nextMax < maxes.size()) {
                // every range ends at or after its start, so the next value is the smaller of the next start and the next end
                Object value = nextMin < mins.size() && comparator.compare(mins.get(nextMin), maxes.get(nextMax)) < 0 ? mins.get(nextMin) : maxes.get(nextMax);
                int starts = 0;
                while (nextMin < mins.size() && comparator.compare(mins.get(nextMin), value) == 0) {
                    starts++;
                    nextMin++;
                }
                int ends = 0;
                while (nextMax < maxes.size() && comparator.compare(maxes.get(nextMax), value) == 0) {
                    ends++;
                    nextMax++;
                }
                // the point itself
                count(open + starts);
                open += starts - ends;
                // the gap up to the next endpoint, if a range covers it
                if (open > 0) {
                    count(open);
                }
            }
        }

        private void count(int depth)
        {
            depthSum += depth;
            pieces++;
            maxDepth = Math.max(maxDepth, depth);
        }

        OptionalDouble averageDepth()
        {
            return pieces == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) depthSum / pieces);
        }
    }
}
