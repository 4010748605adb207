package dev.lakehouse.maintenance.registry;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.maintenance.warehouse.TableName;
import dev.lakehouse.maintenance.warehouse.TableSummary;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static java.util.Objects.requireNonNull;

/**
 * The service's own state of each table, in memory: whether maintenance is paused, and what the last evaluation
 * observed. The tables themselves live in the warehouse.
 */
public final class TableRegistry
{
    private final Set<TableName> paused = ConcurrentHashMap.newKeySet();
    private volatile Map<TableName, TableEvaluation> evaluations = ImmutableMap.of();
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

    /**
     * Replaces the observations with those of an evaluation of the whole warehouse; tables it did not see are
     * forgotten (their paused flag is kept, so a table paused while the evaluation ran stays paused).
     */
    public void recordEvaluation(List<TableSummary> tables, Instant evaluatedAt)
    {
        requireNonNull(evaluatedAt, "evaluatedAt is null");
        evaluations = tables.stream()
                .collect(toImmutableMap(TableSummary::name, table -> new TableEvaluation(table, evaluatedAt)));
        lastEvaluatedAt = Optional.of(evaluatedAt);
    }

    public Optional<TableEvaluation> lastEvaluation(TableName name)
    {
        return Optional.ofNullable(evaluations.get(name));
    }

    /**
     * When the last evaluation of the whole warehouse finished, if one has.
     */
    public Optional<Instant> lastEvaluatedAt()
    {
        return lastEvaluatedAt;
    }

    public record TableEvaluation(TableSummary table, Instant evaluatedAt)
    {
        public TableEvaluation
        {
            requireNonNull(table, "table is null");
            requireNonNull(evaluatedAt, "evaluatedAt is null");
        }
    }
}
