package dev.lakehouse.maintenance.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lakehouse.maintenance.registry.TableRegistry;
import dev.lakehouse.maintenance.registry.TableRegistry.TableEvaluation;
import dev.lakehouse.maintenance.warehouse.TableSummary;
import dev.lakehouse.maintenance.warehouse.TableSummary.LatestVersion;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A table as the REST API shows it. Fields that do not apply are left out: {@code version}, {@code files} and
 * {@code bytes} when the log could not be read ({@code problem} says why), {@code configuration} in lists.
 *
 * @param files the active data files of the latest version
 * @param bytes their size
 * @param lastEvaluatedAt when an evaluation last observed the table
 */
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
        @JsonProperty Optional<String> problem,
        @JsonProperty Optional<Map<String, String>> configuration)
{
    public static TableRepresentation listed(TableSummary summary, TableRegistry registry)
    {
        return of(summary, registry, false);
    }

    public static TableRepresentation detailed(TableSummary summary, TableRegistry registry)
    {
        return of(summary, registry, true);
    }

    private static TableRepresentation of(TableSummary summary, TableRegistry registry, boolean withConfiguration)
    {
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
                registry.lastEvaluation(summary.name()).map(TableEvaluation::evaluatedAt),
                summary.problem(),
                latest.filter(_ -> withConfiguration).map(LatestVersion::configuration));
    }
}
