package dev.lakehouse.maintenance.scheduler;

import com.google.inject.Inject;
import dev.lakehouse.maintenance.registry.TableRegistry;
import dev.lakehouse.maintenance.warehouse.TableSummary;
import dev.lakehouse.maintenance.warehouse.WarehouseTables;
import io.airlift.log.Logger;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The first step of the loop only: observes every table's latest version and records it in the registry.
 * Measuring and deciding come later.
 */
public final class ObservingEvaluator
        implements Evaluator
{
    private static final Logger log = Logger.get(ObservingEvaluator.class);

    private final WarehouseTables warehouse;
    private final TableRegistry registry;

    @Inject
    public ObservingEvaluator(WarehouseTables warehouse, TableRegistry registry)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    public void evaluate()
    {
        List<TableSummary> tables = warehouse.listTables();
        registry.recordEvaluation(tables, Instant.now());
        long unreadable = tables.stream().filter(table -> table.problem().isPresent()).count();
        log.debug("Observed %s tables of %s (%s with an unreadable log)", tables.size(), warehouse.root(), unreadable);
    }
}
