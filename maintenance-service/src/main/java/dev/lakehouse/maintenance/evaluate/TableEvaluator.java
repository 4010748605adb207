package dev.lakehouse.maintenance.evaluate;

import com.google.inject.Inject;
import dev.lakehouse.maintenance.MaintenanceConfig;
import dev.lakehouse.maintenance.decide.MaintenanceDecider;
import dev.lakehouse.maintenance.decide.TablePlan;
import dev.lakehouse.maintenance.jobs.JobRegistry;
import dev.lakehouse.maintenance.measure.HealthMeasurer;
import dev.lakehouse.maintenance.measure.TableHealth;
import dev.lakehouse.maintenance.observe.ObservedTable;
import dev.lakehouse.maintenance.observe.TableObserver;
import dev.lakehouse.maintenance.policy.EffectivePolicy;
import dev.lakehouse.maintenance.registry.TableRegistry;
import dev.lakehouse.maintenance.warehouse.TableName;
import io.airlift.log.Logger;
import io.trino.filesystem.Location;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One evaluation of one table: observe (new commits only) -> policy -> measure (only when the version or the
 * policy changed) -> decide. The result is recorded in the registry; a table that cannot be read is recorded with
 * its problem and never stops the evaluation of the others.
 */
public final class TableEvaluator
{
    private static final Logger log = Logger.get(TableEvaluator.class);

    private final TableObserver observer;
    private final HealthMeasurer measurer;
    private final TableRegistry tables;
    private final JobRegistry jobs;
    private final MaintenanceConfig config;

    @Inject
    public TableEvaluator(TableObserver observer, HealthMeasurer measurer, TableRegistry tables, JobRegistry jobs, MaintenanceConfig config)
    {
        this.observer = requireNonNull(observer, "observer is null");
        this.measurer = requireNonNull(measurer, "measurer is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.config = requireNonNull(config, "config is null");
    }

    public TableStatus evaluate(TableName name, Location location, Instant now)
    {
        Optional<TableStatus> previous = tables.status(name);
        Optional<ObservedTable> known = previous.flatMap(TableStatus::observed);
        TableStatus status;
        try {
            ObservedTable observed = observer.observe(name, location, known, now);
            EffectivePolicy policy = EffectivePolicy.of(observed.snapshot().metadata().configuration(), config);
            TableHealth health = previous
                    .filter(earlier -> earlier.health().map(TableHealth::version).equals(Optional.of(observed.version())) && earlier.policy().equals(Optional.of(policy)))
                    .flatMap(TableStatus::health)
                    .orElseGet(() -> measurer.measure(observed.snapshot(), policy));
            TablePlan plan = MaintenanceDecider.decide(observed, health, policy, jobs.retryAfter(name), now);
            status = TableStatus.evaluated(observed, location, policy, health, plan, now);
            if (!policy.problems().isEmpty() && previous.flatMap(TableStatus::policy).map(EffectivePolicy::problems).filter(policy.problems()::equals).isEmpty()) {
                log.warn("Table %s has invalid maintenance settings: %s", name, policy.problems());
            }
        }
        catch (RuntimeException e) {
            status = TableStatus.unreadable(name, location, known, "Cannot evaluate the table: " + e.getMessage(), now);
            if (previous.flatMap(TableStatus::problem).isEmpty()) {
                log.warn("Cannot evaluate table %s: %s", name, e.getMessage());
            }
        }
        tables.record(status);
        return status;
    }
}
