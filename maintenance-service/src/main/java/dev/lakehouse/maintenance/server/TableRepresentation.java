package dev.lakehouse.maintenance.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lakehouse.maintenance.decide.Decision;
import dev.lakehouse.maintenance.decide.TablePlan;
import dev.lakehouse.maintenance.evaluate.TableStatus;
import dev.lakehouse.maintenance.jobs.JobRecord;
import dev.lakehouse.maintenance.measure.TableHealth;
import dev.lakehouse.maintenance.registry.TableRegistry;
import dev.lakehouse.maintenance.warehouse.TableSummary;
import dev.lakehouse.maintenance.warehouse.TableSummary.LatestVersion;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table as the REST API shows it. Lists show what the log says now and the service's state; the detail adds the
 * table configuration, the policy the service applies, what the last evaluation measured and decided (with the
 * reason of every decision), when it runs next, and its recent jobs.
 *
 * @param files the active data files of the latest version
 * @param bytes their size
 * @param lastEvaluatedAt when an evaluation last looked at the table
 * @param pendingSince since when the table has had due work that has not run
 * @param nextEvaluationAt when the table is evaluated next: its own cron schedule, or the service's next tick
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record TableRepresentation(
        @JsonProperty String schema,
        @JsonProperty String table,
        @JsonProperty String location,
        @JsonProperty Optional<Long> version,
        @JsonProperty Optional<Instant> committedAt,
        @JsonProperty Optional<Long> files,
        @JsonProperty Optional<Long> bytes,
        @JsonProperty boolean paused,
        @JsonProperty Optional<Instant> lastEvaluatedAt,
        @JsonProperty Optional<Instant> pendingSince,
        @JsonProperty Optional<Instant> nextEvaluationAt,
        @JsonProperty Optional<String> problem,
        @JsonProperty Optional<Map<String, String>> configuration,
        @JsonProperty Optional<PolicyRepresentation> policy,
        @JsonProperty Optional<TableHealth> health,
        @JsonProperty Optional<List<Decision>> decisions,
        @JsonProperty Optional<List<JobRecord>> recentJobs)
{
    public static TableRepresentation listed(TableSummary summary, TableRegistry registry)
    {
        Optional<TableStatus> status = registry.status(summary.name());
        return of(summary, registry, status, Optional.empty(), Optional.empty());
    }

    public static TableRepresentation detailed(TableSummary summary, TableRegistry registry, Optional<Instant> nextEvaluationAt, List<JobRecord> recentJobs)
    {
        Optional<TableStatus> status = registry.status(summary.name());
        return of(summary, registry, status, nextEvaluationAt, Optional.of(recentJobs));
    }

    private static TableRepresentation of(TableSummary summary, TableRegistry registry, Optional<TableStatus> status, Optional<Instant> nextEvaluationAt, Optional<List<JobRecord>> recentJobs)
    {
        boolean detailed = recentJobs.isPresent();
        Optional<LatestVersion> latest = summary.latest();
        return new TableRepresentation(
                summary.name().schema(),
                summary.name().table(),
                summary.location().toString(),
                latest.map(LatestVersion::version),
                latest.map(LatestVersion::committedAt),
                latest.map(LatestVersion::files),
                latest.map(LatestVersion::bytes),
                registry.isPaused(summary.name()),
                status.map(TableStatus::evaluatedAt),
                Optional.ofNullable(registry.dueSince().get(summary.name())),
                nextEvaluationAt,
                summary.problem().or(() -> status.flatMap(TableStatus::problem)),
                latest.filter(_ -> detailed).map(LatestVersion::configuration),
                status.flatMap(TableStatus::policy).filter(_ -> detailed).map(PolicyRepresentation::of),
                status.flatMap(TableStatus::health).filter(_ -> detailed),
                status.flatMap(TableStatus::plan).filter(_ -> detailed).map(TablePlan::decisions),
                recentJobs);
    }
}
