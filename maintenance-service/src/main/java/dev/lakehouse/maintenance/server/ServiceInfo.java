package dev.lakehouse.maintenance.server;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The answer of {@code GET /v1/info}.
 *
 * @param instance this instance's node id, which the jobs it records name
 * @param state {@code ACTIVE} while the scheduler runs, {@code INACTIVE} otherwise
 * @param lastEvaluatedAt when the last evaluation of the whole warehouse finished
 */
public record ServiceInfo(
        @JsonProperty String service,
        @JsonProperty String instance,
        @JsonProperty String version,
        @JsonProperty String state,
        @JsonProperty String warehouse,
        @JsonProperty Instant startedAt,
        @JsonProperty Optional<Instant> lastEvaluatedAt)
{
    public static final String SERVICE_NAME = "lakehouse-maintenance";

    public ServiceInfo
    {
        requireNonNull(service, "service is null");
        requireNonNull(instance, "instance is null");
        requireNonNull(version, "version is null");
        requireNonNull(state, "state is null");
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(lastEvaluatedAt, "lastEvaluatedAt is null");
    }
}
