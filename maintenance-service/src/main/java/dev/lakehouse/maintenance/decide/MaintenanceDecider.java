package dev.lakehouse.maintenance.decide;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.maintenance.measure.PartitionGroup;
import dev.lakehouse.maintenance.measure.TableHealth;
import dev.lakehouse.maintenance.measure.Thresholds;
import dev.lakehouse.maintenance.observe.ObservedTable;
import dev.lakehouse.maintenance.observe.Tombstone;
import dev.lakehouse.maintenance.policy.EffectivePolicy;
import io.airlift.units.DataSize;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.lakehouse.maintenance.measure.Thresholds.SMALL_FILES_TRIGGER;
import static dev.lakehouse.maintenance.measure.Thresholds.SMALL_FILE_MAX_AGE;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * Decides, from a table's measurements and policy alone, which work is worth doing now (see {@link Thresholds} for
 * each number and where it comes from). Every decision says why, with the numbers it compared.
 */
public final class MaintenanceDecider
{
    private MaintenanceDecider() {}

    /**
     * @param retryAfter kinds of work that failed recently, and when they may be tried again
     */
    public static TablePlan decide(ObservedTable table, TableHealth health, EffectivePolicy policy, Map<JobKind, Instant> retryAfter, Instant now)
    {
        List<Decision> decisions = ImmutableList.of(
                health.clustered() ? compactionOfClusteredTable() : compaction(health, now),
                health.clustered() ? clustering(health, now, policy.minUnclusteredFiles()) : Decision.notDue(JobKind.CLUSTER, clusteringOff(table, policy)),
                statistics(health),
                checkpoint(table),
                vacuum(table, policy, now));
        if (!policy.enabled()) {
            decisions = decisions.stream()
                    .map(decision -> Decision.notDue(decision.kind(), "maintenance is off for this table (maintenance_enabled = false)"))
                    .toList();
        }
        decisions = decisions.stream().map(decision -> backedOff(decision, retryAfter, now)).toList();
        return new TablePlan(table.name(), table.version(), decisions);
    }

    private static Decision compaction(TableHealth health, Instant now)
    {
        List<PartitionGroup> due = health.smallFileGroups().stream()
                .filter(group -> group.files() >= SMALL_FILES_TRIGGER || Duration.between(group.oldestModifiedAt(), now).compareTo(SMALL_FILE_MAX_AGE) >= 0)
                .toList();
        String limit = "%s (%s of the target %s)".formatted(size((long) (health.targetFileSize() * Thresholds.SMALL_FILE_FRACTION)), Thresholds.SMALL_FILE_FRACTION, size(health.targetFileSize()));
        if (due.isEmpty()) {
            int most = health.smallFileGroups().stream().mapToInt(PartitionGroup::files).max().orElse(health.smallFiles());
            return Decision.notDue(JobKind.COMPACT, "no partition holds %s small files below %s, nor small files older than %s: at most %s in a partition"
                    .formatted(SMALL_FILES_TRIGGER, limit, duration(SMALL_FILE_MAX_AGE), most));
        }
        int inputFiles = due.stream().mapToInt(PartitionGroup::files).sum();
        long inputBytes = due.stream().mapToLong(PartitionGroup::bytes).sum();
        long outputFiles = due.stream().mapToLong(group -> Math.max(1, ceilDivide(group.bytes(), health.targetFileSize()))).sum();
        String reason = "%s partition(s) hold %s or more small files below %s, or small files older than %s: %s files (%s) become about %s"
                .formatted(due.size(), SMALL_FILES_TRIGGER, limit, duration(SMALL_FILE_MAX_AGE), inputFiles, size(inputBytes), outputFiles);
        return new Decision(JobKind.COMPACT, true, inputFiles - outputFiles, reason, due.stream().map(PartitionGroup::partitionValues).toList());
    }

    private static Decision compactionOfClusteredTable()
    {
        return Decision.notDue(JobKind.COMPACT, "the table is clustered: clustering rewrites its small files");
    }

    /**
     * Due when the new (unclustered) files reach a trigger, not the runs they would merge: merging is what clustering
     * them costs, not a reason to start it (runs written hours ago would otherwise make every new file "old"). Runs to
     * merge without any new file (the depth limit was lowered) are merged at once.
     */
    private static Decision clustering(TableHealth health, Instant now, int filesTrigger)
    {
        boolean old = health.oldestUnclusteredAt().map(oldest -> Duration.between(oldest, now).compareTo(SMALL_FILE_MAX_AGE) >= 0).orElse(false);
        long bytesTrigger = Thresholds.smallFileLimit(health.targetFileSize());
        String depth = health.averageOverlapDepth().isPresent() ? "%.2f".formatted(health.averageOverlapDepth().getAsDouble()) : "unknown";
        String measured = "%s files (%s) are unclustered on %s, %s files (%s) with those of the clustering runs they would merge (average overlap depth %s)"
                .formatted(health.unclusteredFiles(), size(health.unclusteredBytes()), health.clusteringColumns(), health.clusteringCandidates(), size(health.clusteringCandidateBytes()), depth);
        String triggers = "%s unclustered files, %s of them (%s of the target %s), or one older than %s"
                .formatted(filesTrigger, size(bytesTrigger), Thresholds.SMALL_FILE_FRACTION, size(health.targetFileSize()), duration(SMALL_FILE_MAX_AGE));
        boolean due = health.unclusteredFiles() >= filesTrigger
                || (health.unclusteredFiles() > 0 && (health.unclusteredBytes() >= bytesTrigger || old))
                || (health.unclusteredFiles() == 0 && health.clusteringCandidates() > 0);
        if (due) {
            return Decision.due(JobKind.CLUSTER, health.clusteringCandidates(), measured + "; the triggers are " + triggers);
        }
        return Decision.notDue(JobKind.CLUSTER, measured + ", below the triggers of " + triggers);
    }

    private static String clusteringOff(ObservedTable table, EffectivePolicy policy)
    {
        if (table.snapshot().clusteringColumns().isEmpty()) {
            return "the table has no clustering columns (clustered_by)";
        }
        return policy.clustering() ? "the clustering columns have no statistics" : "clustering is off for this table (maintenance_clustering = false)";
    }

    private static Decision statistics(TableHealth health)
    {
        if (health.filesWithoutStatistics() == 0) {
            return Decision.notDue(JobKind.REBUILD_STATS, "every file has its row count and the null count of every column");
        }
        return Decision.due(JobKind.REBUILD_STATS, health.filesWithoutStatistics(), "%s files lack their row count or a column's null count, so queries cannot skip them"
                .formatted(health.filesWithoutStatistics()));
    }

    private static Decision checkpoint(ObservedTable table)
    {
        int interval = table.snapshot().metadata().checkpointInterval(Thresholds.DEFAULT_CHECKPOINT_INTERVAL);
        long commits = table.commitsSinceCheckpoint();
        if (commits >= interval) {
            return Decision.due(JobKind.CHECKPOINT, commits, "%s commits since the last checkpoint, at least the table's checkpoint interval of %s".formatted(commits, interval));
        }
        return Decision.notDue(JobKind.CHECKPOINT, "%s commits since the last checkpoint, fewer than the checkpoint interval of %s".formatted(commits, interval));
    }

    private static Decision vacuum(ObservedTable table, EffectivePolicy policy, Instant now)
    {
        Instant threshold = now.minus(policy.vacuumRetention());
        List<Tombstone> reclaimable = table.tombstones().stream().filter(tombstone -> tombstone.removedAt().isBefore(threshold)).toList();
        long bytes = reclaimable.stream().mapToLong(Tombstone::size).sum();
        Instant lastVacuum = table.lastVacuumAt().orElse(table.firstObservedAt());
        Duration sinceVacuum = Duration.between(lastVacuum, now);
        // not more often than hourly, nor than the retention itself
        Duration minInterval = policy.vacuumRetention().compareTo(Thresholds.MIN_VACUUM_INTERVAL) < 0 ? policy.vacuumRetention() : Thresholds.MIN_VACUUM_INTERVAL;
        if (!reclaimable.isEmpty() && sinceVacuum.compareTo(minInterval) >= 0) {
            return Decision.due(JobKind.VACUUM, reclaimable.size(), "%s files (%s) were removed more than the retention of %s ago; %s"
                    .formatted(reclaimable.size(), size(bytes), duration(policy.vacuumRetention()), lastVacuumText(table, sinceVacuum)));
        }
        if (sinceVacuum.compareTo(policy.vacuumRetention()) >= 0 && sinceVacuum.compareTo(minInterval) >= 0) {
            return Decision.due(JobKind.VACUUM, 0, "no vacuum for %s, longer than the retention of %s: a sweep for files of failed writes".formatted(duration(sinceVacuum), duration(policy.vacuumRetention())));
        }
        return Decision.notDue(JobKind.VACUUM, "%s files (%s) removed more than the retention of %s ago; %s"
                .formatted(reclaimable.size(), size(bytes), duration(policy.vacuumRetention()), lastVacuumText(table, sinceVacuum)));
    }

    private static String lastVacuumText(ObservedTable table, Duration sinceVacuum)
    {
        return table.lastVacuumAt().isPresent()
                ? "the last vacuum was %s ago".formatted(duration(sinceVacuum))
                : "no vacuum seen since the service first looked, %s ago".formatted(duration(sinceVacuum));
    }

    private static Decision backedOff(Decision decision, Map<JobKind, Instant> retryAfter, Instant now)
    {
        Instant retry = retryAfter.get(decision.kind());
        if (!decision.due() || retry == null || !now.isBefore(retry)) {
            return decision;
        }
        return Decision.notDue(decision.kind(), "due (%s), but it failed recently and is retried after %s".formatted(decision.reason(), retry));
    }

    private static long ceilDivide(long value, long divisor)
    {
        return (value + divisor - 1) / divisor;
    }

    private static String duration(Duration duration)
    {
        return io.airlift.units.Duration.succinctDuration(Math.max(0, duration.toMillis()), MILLISECONDS).toString();
    }

    private static String size(long bytes)
    {
        return DataSize.ofBytes(bytes).succinct().toString();
    }
}
