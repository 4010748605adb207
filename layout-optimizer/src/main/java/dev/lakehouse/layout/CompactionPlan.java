package dev.lakehouse.layout;

import com.google.common.collect.ImmutableList;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The groups of small files a compaction rewrites, each into about one file. Groups are independent: a
 * runner may rewrite and commit them one at a time or together, in any executor.
 *
 * @param groups partitions in the order of their values, within a partition in planning order
 */
public record CompactionPlan(List<FileGroup> groups)
{
    public CompactionPlan
    {
        groups = ImmutableList.copyOf(requireNonNull(groups, "groups is null"));
    }

    public boolean isEmpty()
    {
        return groups.isEmpty();
    }

    public int groupCount()
    {
        return groups.size();
    }

    /** The number of files the plan rewrites. */
    public int inputFileCount()
    {
        return groups.stream().mapToInt(group -> group.files().size()).sum();
    }

    /** The number of bytes the plan reads and writes again. */
    public long inputBytes()
    {
        return groups.stream().mapToLong(FileGroup::totalSizeBytes).sum();
    }

    @Override
    public String toString()
    {
        return "CompactionPlan{groups=%s, inputFiles=%s, inputBytes=%s}".formatted(groupCount(), inputFileCount(), inputBytes());
    }
}
