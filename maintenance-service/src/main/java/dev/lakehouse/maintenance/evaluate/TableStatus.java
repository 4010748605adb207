package dev.lakehouse.maintenance.evaluate;

import dev.lakehouse.maintenance.decide.TablePlan;
import dev.lakehouse.maintenance.measure.TableHealth;
import dev.lakehouse.maintenance.observe.ObservedTable;
import dev.lakehouse.maintenance.policy.EffectivePolicy;
import dev.lakehouse.maintenance.warehouse.TableName;
import io.trino.filesystem.Location;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of the latest evaluation of one table: what was observed, measured and decided, or why the table
 * could not be evaluated.
 */
public record TableStatus(
        TableName name,
        Location location,
        Optional<ObservedTable> observed,
        Optional<EffectivePolicy> policy,
        Optional<TableHealth> health,
        Optional<TablePlan> plan,
        Optional<String> problem,
        Instant evaluatedAt)
{
    public TableStatus
    {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
        requireNonNull(observed, "observed is null");
        requireNonNull(policy, "policy is null");
        requireNonNull(health, "health is null");
        requireNonNull(plan, "plan is null");
        requireNonNull(problem, "problem is null");
        requireNonNull(evaluatedAt, "evaluatedAt is null");
    }

    public static TableStatus evaluated(ObservedTable observed, Location location, EffectivePolicy policy, TableHealth health, TablePlan plan, Instant now)
    {
        return new TableStatus(observed.name(), location, Optional.of(observed), Optional.of(policy), Optional.of(health), Optional.of(plan), Optional.empty(), now);
    }

    public static TableStatus unreadable(TableName name, Location location, Optional<ObservedTable> previous, String problem, Instant now)
    {
        return new TableStatus(name, location, previous, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(problem), now);
    }
}
