package dev.lakehouse.maintenance.decide;

import com.google.common.collect.ImmutableList;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Whether one kind of work is due on a table, how much it is worth, and why, in words an operator can check
 * against the numbers.
 *
 * @param score the benefit: files a rewrite removes, files whose statistics it completes, commits a checkpoint
 *              saves readers, files vacuum deletes; jobs of higher total score start first
 * @param partitions for compaction, the partitions it rewrites, each a batch that commits on its own
 */
public record Decision(JobKind kind, boolean due, double score, String reason, List<Map<String, Optional<String>>> partitions)
{
    public Decision
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(reason, "reason is null");
        partitions = ImmutableList.copyOf(partitions);
    }

    public static Decision due(JobKind kind, double score, String reason)
    {
        return new Decision(kind, true, score, reason, List.of());
    }

    public static Decision notDue(JobKind kind, String reason)
    {
        return new Decision(kind, false, 0, reason, List.of());
    }
}
