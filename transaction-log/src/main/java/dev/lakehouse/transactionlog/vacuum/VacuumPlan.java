package dev.lakehouse.transactionlog.vacuum;

import com.google.common.collect.ImmutableList;
import io.trino.filesystem.Location;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a vacuum of one table deletes: the files under its location that no version within the retention
 * references and that are older than the retention.
 *
 * @param snapshotVersion the latest version when the plan was made
 * @param oldestRetainedVersion the oldest version readers may still ask for: the version that was current at
 *                              {@code threshold}; its files and those of every later version are kept
 * @param threshold now minus the retention: files modified after it are never deleted
 */
public record VacuumPlan(Location tableLocation, long snapshotVersion, long oldestRetainedVersion, Duration retention, Instant threshold, List<VacuumCandidate> candidates)
{
    public VacuumPlan
    {
        requireNonNull(tableLocation, "tableLocation is null");
        requireNonNull(retention, "retention is null");
        requireNonNull(threshold, "threshold is null");
        candidates = ImmutableList.copyOf(candidates);
    }

    public long bytes()
    {
        return candidates.stream().mapToLong(VacuumCandidate::size).sum();
    }
}
