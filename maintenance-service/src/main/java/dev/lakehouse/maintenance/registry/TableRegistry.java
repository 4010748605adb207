package dev.lakehouse.maintenance.registry;

import dev.lakehouse.maintenance.decide.TablePlan;
import dev.lakehouse.maintenance.evaluate.TableStatus;
import dev.lakehouse.maintenance.warehouse.TableName;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * The service's own state of each table, in memory: whether maintenance is paused, and what the last evaluation
 * observed and decided. The tables themselves live in the warehouse.
 */
public final class TableRegistry
{
    private final Set<TableName> paused = ConcurrentHashMap.newKeySet();
    private final Map<TableName, TableStatus> statuses = new ConcurrentHashMap<>();
    private final Map<TableName, Instant> dueSince = new ConcurrentHashMap<>();
    private volatile Optional<Instant> lastEvaluatedAt = Optional.empty();

    public void pause(TableName name)
    {
        paused.add(requireNonNull(name, "name is null"));
    }

    public void resume(TableName name)
    {
        paused.remove(requireNonNull(name, "name is null"));
    }

    public boolean isPaused(TableName name)
    {
        return paused.contains(name);
    }

    public void record(TableStatus status)
    {
        statuses.put(status.name(), status);
        if (status.plan().map(TablePlan::hasDueWork).orElse(false)) {
            dueSince.putIfAbsent(status.name(), status.evaluatedAt());
        }
        else {
            dueSince.remove(status.name());
        }
    }

    /**
     * Since when each table with due work has had some: how long its oldest pending work has waited.
     */
    public Map<TableName, Instant> dueSince()
    {
        return Map.copyOf(dueSince);
    }

    /**
     * Forgets the tables a whole-warehouse evaluation no longer found (their paused flag is kept).
     */
    public void retainOnly(Set<TableName> tables, Instant evaluatedAt)
    {
        statuses.keySet().retainAll(tables);
        dueSince.keySet().retainAll(tables);
        lastEvaluatedAt = Optional.of(evaluatedAt);
    }

    public Optional<TableStatus> status(TableName name)
    {
        return Optional.ofNullable(statuses.get(name));
    }

    /**
     * When the last evaluation of the whole warehouse finished, if one has.
     */
    public Optional<Instant> lastEvaluatedAt()
    {
        return lastEvaluatedAt;
    }
}
