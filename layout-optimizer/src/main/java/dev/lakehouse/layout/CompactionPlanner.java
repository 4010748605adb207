package dev.lakehouse.layout;

import com.google.common.collect.ImmutableList;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Plans the compaction of small files: per partition, the files below the size threshold are packed into
 * groups of at most the target size, and each group is rewritten into one file.
 *
 * <p>Why first-fit decreasing: the files of a group become one output file, so the aim is as few groups as
 * possible, each as close to the target as possible, without exceeding it: bin packing. First-fit
 * decreasing (largest file first, each into the first group with room) is simple, deterministic, and
 * provably close to optimal (at most {@code 11/9 OPT + 6/9} groups). More useful here: a group that is not
 * the last one of its partition has less room left than the size of any file placed in a later group, so
 * with many small files every group but the last is nearly full, and the one remainder group is the only
 * one far below the target. Groups left with a single file are dropped, since rewriting one file alone
 * changes nothing; that file stays as it is.
 *
 * <p>Files are never moved across partitions, and the plan depends only on the files, not on the order
 * they are given in: partitions are ordered by their values, files by size and then path.
 */
public final class CompactionPlanner
{
    private static final Comparator<DataFileDescriptor> LARGEST_FIRST = Comparator.comparingLong(DataFileDescriptor::sizeInBytes).reversed()
            .thenComparing(DataFileDescriptor::path);

    private final CompactionOptions options;

    public CompactionPlanner(CompactionOptions options)
    {
        this.options = requireNonNull(options, "options is null");
    }

    /**
     * @param files the data files of a snapshot, each once
     * @throws IllegalArgumentException if a path appears twice
     */
    public CompactionPlan plan(Collection<DataFileDescriptor> files)
    {
        ImmutableList.Builder<FileGroup> groups = ImmutableList.builder();
        for (Map.Entry<Map<String, Optional<String>>, List<DataFileDescriptor>> partition : Partitions.byPartition(files).entrySet()) {
            List<DataFileDescriptor> candidates = new ArrayList<>();
            for (DataFileDescriptor file : partition.getValue()) {
                if (file.sizeInBytes() < options.fileSizeThresholdBytes()) {
                    candidates.add(file);
                }
            }
            if (candidates.size() < options.minInputFiles()) {
                continue;
            }
            candidates.sort(LARGEST_FIRST);
            for (List<DataFileDescriptor> bin : firstFitDecreasing(candidates, options.targetFileSizeBytes())) {
                if (bin.size() >= 2) {
                    groups.add(FileGroup.of(partition.getKey(), bin));
                }
            }
        }
        return new CompactionPlan(groups.build());
    }

    /**
     * Packs {@code files}, sorted largest first and each at most {@code capacity}, into bins of at most
     * {@code capacity} bytes. Bins that cannot take even the smallest file are dropped from the search, so
     * that thousands of small files do not scan thousands of full bins each.
     */
    private static List<List<DataFileDescriptor>> firstFitDecreasing(List<DataFileDescriptor> files, long capacity)
    {
        long smallest = files.getLast().sizeInBytes();
        List<List<DataFileDescriptor>> bins = new ArrayList<>();
        List<OpenBin> open = new ArrayList<>();
        for (DataFileDescriptor file : files) {
            OpenBin target = null;
            for (OpenBin bin : open) {
                if (bin.remaining >= file.sizeInBytes()) {
                    target = bin;
                    break;
                }
            }
            if (target == null) {
                target = new OpenBin(capacity, new ArrayList<>());
                bins.add(target.files);
                open.add(target);
            }
            target.files.add(file);
            target.remaining -= file.sizeInBytes();
            if (target.remaining < smallest) {
                open.remove(target);
            }
        }
        return bins;
    }

    private static final class OpenBin
    {
        private long remaining;
        private final List<DataFileDescriptor> files;

        private OpenBin(long remaining, List<DataFileDescriptor> files)
        {
            this.remaining = remaining;
            this.files = files;
        }
    }
}
