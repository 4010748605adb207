package dev.lakehouse.trino.execute;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.AddFileEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files {@code optimize} rewrites: those smaller than the threshold, in partitions holding at least two of them
 * (rewriting a lone small file would only copy it), and every file with a deletion vector, whatever its size: the
 * rewrite leaves its deleted rows out, so readers no longer read and skip them.
 */
public final class CompactionCandidates
{
    private CompactionCandidates() {}

    public static List<AddFileEntry> select(List<AddFileEntry> files, long fileSizeThreshold)
    {
        Map<Map<String, String>, List<AddFileEntry>> smallFilesByPartition = new LinkedHashMap<>();
        for (AddFileEntry file : files) {
            if (file.size() < fileSizeThreshold || file.deletionVector().isPresent()) {
                smallFilesByPartition.computeIfAbsent(file.partitionValues(), _ -> new ArrayList<>()).add(file);
            }
        }
        return smallFilesByPartition.values().stream()
                .filter(partitionFiles -> partitionFiles.size() >= 2 || partitionFiles.stream().anyMatch(file -> file.deletionVector().isPresent()))
                .flatMap(List::stream)
                .collect(ImmutableList.toImmutableList());
    }
}
