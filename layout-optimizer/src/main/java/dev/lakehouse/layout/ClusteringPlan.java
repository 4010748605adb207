package dev.lakehouse.layout;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * The files a clustering run rewrites: at most one group per partition, whose rows are sorted together
 * along the curve and written into files of the target size, tagged with {@link ClusteringTags#of}.
 *
 * <p>Why one group per partition: the output files of a group cover disjoint stretches of the curve only
 * because the group is sorted as a whole; two groups of one partition sorted apart would write files that
 * overlap each other, which is what clustering removes. The plan carries the columns and curve, so a
 * runner needs nothing else to execute it.
 *
 * @param groups partitions in the order of their values
 */
public record ClusteringPlan(List<String> clusteringColumns, CurveKind curve, long targetFileSizeBytes, List<Group> groups)
{
    public ClusteringPlan
    {
        clusteringColumns = ImmutableList.copyOf(requireNonNull(clusteringColumns, "clusteringColumns is null"));
        requireNonNull(curve, "curve is null");
        groups = ImmutableList.copyOf(requireNonNull(groups, "groups is null"));
    }

    /** Why the planner picked a file. */
    public enum SelectionReason
    {
        /** Not written by a clustering run on these columns along this curve. */
        UNCLUSTERED,
        /** Clustered, in a run merged because too many runs overlap, and its key box meets a file of another run. */
        OVERLAPPING,
    }

    public record SelectedFile(DataFileDescriptor file, SelectionReason reason)
    {
        public SelectedFile
        {
            requireNonNull(file, "file is null");
            requireNonNull(reason, "reason is null");
        }
    }

    /**
     * The files of one partition to sort together.
     *
     * @param files ordered by path
     * @param totalSizeBytes the sum of the files' sizes
     * @param expectedOutputFiles how many files of the target size the rewrite writes, at least 1
     */
    public record Group(Map<String, Optional<String>> partitionValues, List<SelectedFile> files, long totalSizeBytes, int expectedOutputFiles)
    {
        public Group
        {
            partitionValues = ImmutableMap.copyOf(requireNonNull(partitionValues, "partitionValues is null"));
            files = ImmutableList.copyOf(requireNonNull(files, "files is null"));
            checkArgument(!files.isEmpty(), "a group has at least one file");
            long sum = 0;
            for (SelectedFile selected : files) {
                checkArgument(selected.file().partitionValues().equals(partitionValues), "file %s is in partition %s, not in the group's partition %s",
                        selected.file().path(), selected.file().partitionValues(), partitionValues);
                sum += selected.file().sizeInBytes();
            }
            checkArgument(totalSizeBytes == sum, "totalSizeBytes is %s, but the files add up to %s", totalSizeBytes, sum);
            checkArgument(expectedOutputFiles >= 1, "expectedOutputFiles must be at least 1, got %s", expectedOutputFiles);
        }

        public List<DataFileDescriptor> dataFiles()
        {
            return files.stream().map(SelectedFile::file).collect(ImmutableList.toImmutableList());
        }
    }

    public boolean isEmpty()
    {
        return groups.isEmpty();
    }

    public int groupCount()
    {
        return groups.size();
    }

    public int inputFileCount()
    {
        return groups.stream().mapToInt(group -> group.files().size()).sum();
    }

    public int inputFileCount(SelectionReason reason)
    {
        requireNonNull(reason, "reason is null");
        return (int) groups.stream().flatMap(group -> group.files().stream()).filter(selected -> selected.reason() == reason).count();
    }

    public long inputBytes()
    {
        return groups.stream().mapToLong(Group::totalSizeBytes).sum();
    }

    @Override
    public String toString()
    {
        return "ClusteringPlan{columns=%s, curve=%s, groups=%s, inputFiles=%s, inputBytes=%s}"
                .formatted(clusteringColumns, curve, groupCount(), inputFileCount(), inputBytes());
    }
}
