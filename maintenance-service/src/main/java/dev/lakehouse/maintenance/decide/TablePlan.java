package dev.lakehouse.maintenance.decide;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.maintenance.warehouse.TableName;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The decisions of one evaluation of a table, one per kind of work, in the order the work runs.
 */
public record TablePlan(TableName table, long version, List<Decision> decisions)
{
    public TablePlan
    {
        requireNonNull(table, "table is null");
        decisions = ImmutableList.copyOf(decisions);
    }

    public List<Decision> dueWork()
    {
        return decisions.stream().filter(Decision::due).toList();
    }

    public boolean hasDueWork()
    {
        return decisions.stream().anyMatch(Decision::due);
    }

    public double score()
    {
        return decisions.stream().filter(Decision::due).mapToDouble(Decision::score).sum();
    }
}
