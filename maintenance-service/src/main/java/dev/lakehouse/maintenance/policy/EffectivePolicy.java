package dev.lakehouse.maintenance.policy;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.maintenance.MaintenanceConfig;
import dev.lakehouse.transactionlog.maintenance.MaintenancePolicy;
import dev.lakehouse.transactionlog.retention.TableRetention;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * What the service does with one table: the table's own {@link MaintenancePolicy} over the service-wide defaults.
 * Values the table sets but the service cannot use fall back to the defaults and are listed as problems.
 *
 * @param schedule the table's Quartz cron expression; empty when the service's evaluation ticks decide
 * @param clustering whether to cluster by the table's clustering columns (when it has any)
 * @param minUnclusteredFiles how many files written since the last clustering start the next one
 * @param stableRunFiles from how many target-size files on a clustering run is never merged again
 * @param vacuumRetention the deleted-file retention, raised to the service's minimum when the table sets less
 */
public record EffectivePolicy(
        boolean enabled,
        Optional<String> schedule,
        long targetFileSize,
        boolean clustering,
        int minUnclusteredFiles,
        int stableRunFiles,
        Duration vacuumRetention,
        Duration logRetention,
        List<String> problems)
{
    public EffectivePolicy
    {
        requireNonNull(schedule, "schedule is null");
        checkArgument(minUnclusteredFiles > 0, "minUnclusteredFiles must be positive, got %s", minUnclusteredFiles);
        checkArgument(stableRunFiles > 0, "stableRunFiles must be positive, got %s", stableRunFiles);
        requireNonNull(vacuumRetention, "vacuumRetention is null");
        requireNonNull(logRetention, "logRetention is null");
        problems = ImmutableList.copyOf(problems);
    }

    public static EffectivePolicy of(Map<String, String> tableConfiguration, MaintenanceConfig config)
    {
        MaintenancePolicy.Parsed parsed = MaintenancePolicy.parse(tableConfiguration);
        MaintenancePolicy policy = parsed.policy();
        ImmutableList.Builder<String> problems = ImmutableList.<String>builder().addAll(parsed.problems());
        Duration minRetention = Duration.ofMillis(config.getVacuumMinRetention().toMillis());
        Duration retention = policy.deletedFileRetention().orElse(TableRetention.DEFAULT_DELETED_FILE_RETENTION);
        if (retention.compareTo(minRetention) < 0) {
            problems.add("The table's %s of %s is shorter than the service's maintenance.vacuum.min-retention of %s; vacuum uses %s"
                    .formatted(TableRetention.DELETED_FILE_RETENTION_PROPERTY, retention, minRetention, minRetention));
            retention = minRetention;
        }
        return new EffectivePolicy(
                policy.enabled().orElse(config.isEnabledByDefault()),
                policy.schedule(),
                policy.targetFileSize().orElse(config.getTargetFileSize().toBytes()),
                policy.clustering().orElse(true),
                policy.minUnclusteredFiles().orElse(config.getClusteringMinUnclusteredFiles()),
                policy.stableRunFiles().orElse(config.getClusteringStableRunFiles()),
                retention,
                policy.logRetention().orElse(TableRetention.DEFAULT_LOG_RETENTION),
                problems.build());
    }
}
