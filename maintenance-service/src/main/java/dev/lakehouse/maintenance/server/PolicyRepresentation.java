package dev.lakehouse.maintenance.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lakehouse.maintenance.policy.EffectivePolicy;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;

import java.util.List;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * The policy the service applies to a table, in the units its table properties use, with the problems of the
 * values it could not use.
 */
public record PolicyRepresentation(
        @JsonProperty boolean enabled,
        @JsonProperty Optional<String> schedule,
        @JsonProperty String targetFileSize,
        @JsonProperty boolean clustering,
        @JsonProperty int minUnclusteredFiles,
        @JsonProperty int stableRunFiles,
        @JsonProperty String deletedFileRetention,
        @JsonProperty String logRetention,
        @JsonProperty List<String> problems)
{
    public static PolicyRepresentation of(EffectivePolicy policy)
    {
        return new PolicyRepresentation(
                policy.enabled(),
                policy.schedule(),
                DataSize.ofBytes(policy.targetFileSize()).succinct().toString(),
                policy.clustering(),
                policy.minUnclusteredFiles(),
                policy.stableRunFiles(),
                Duration.succinctDuration(policy.vacuumRetention().toMillis(), MILLISECONDS).toString(),
                Duration.succinctDuration(policy.logRetention().toMillis(), MILLISECONDS).toString(),
                policy.problems());
    }
}
