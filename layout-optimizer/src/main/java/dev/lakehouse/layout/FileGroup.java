package dev.lakehouse.layout;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * Files of one partition that a compaction rewrites together into about one file of the target size.
 *
 * @param totalSizeBytes the sum of the files' sizes: the input of the rewrite
 */
public record FileGroup(Map<String, Optional<String>> partitionValues, List<DataFileDescriptor> files, long totalSizeBytes)
{
    public FileGroup
    {
        partitionValues = ImmutableMap.copyOf(requireNonNull(partitionValues, "partitionValues is null"));
        files = ImmutableList.copyOf(requireNonNull(files, "files is null"));
        checkArgument(files.size() >= 2, "a group rewrites at least two files, got %s", files.size());
        long sum = 0;
        for (DataFileDescriptor file : files) {
            checkArgument(file.partitionValues().equals(partitionValues), "file %s is in partition %s, not in the group's partition %s",
                    file.path(), file.partitionValues(), partitionValues);
            sum += file.sizeInBytes();
        }
        checkArgument(totalSizeBytes == sum, "totalSizeBytes is %s, but the files add up to %s", totalSizeBytes, sum);
    }

    static FileGroup of(Map<String, Optional<String>> partitionValues, List<DataFileDescriptor> files)
    {
        return new FileGroup(partitionValues, files, files.stream().mapToLong(DataFileDescriptor::sizeInBytes).sum());
    }
}
