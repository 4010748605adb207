package dev.lakehouse.layout;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * What {@link CompactionPlanner} aims for.
 *
 * @param targetFileSizeBytes the size of the files a compaction writes: each group holds at most this many
 *         input bytes, so that it becomes about one output file
 * @param fileSizeThresholdBytes only files smaller than this are compacted; at most the target, since a
 *         file of the target size is already what compaction would write
 * @param minInputFiles a partition with fewer candidate files is left alone: rewriting a handful of small
 *         files costs a commit and a rewrite for little gain; at least 2
 */
public record CompactionOptions(long targetFileSizeBytes, long fileSizeThresholdBytes, int minInputFiles)
{
    public CompactionOptions
    {
        checkArgument(targetFileSizeBytes > 0, "targetFileSizeBytes must be positive, got %s", targetFileSizeBytes);
        checkArgument(fileSizeThresholdBytes > 0 && fileSizeThresholdBytes <= targetFileSizeBytes,
                "fileSizeThresholdBytes must be positive and at most targetFileSizeBytes (%s), got %s", targetFileSizeBytes, fileSizeThresholdBytes);
        checkArgument(minInputFiles >= 2, "minInputFiles must be at least 2, since rewriting one file alone changes nothing, got %s", minInputFiles);
    }
}
