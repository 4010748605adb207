package dev.lakehouse.trino.vacuum;

import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.retention.TableRetention;
import dev.lakehouse.transactionlog.vacuum.VacuumPlan;
import dev.lakehouse.transactionlog.vacuum.VacuumPlanner;
import dev.lakehouse.transactionlog.vacuum.VacuumResult;
import dev.lakehouse.transactionlog.vacuum.VacuumRunner;
import dev.lakehouse.trino.LakehouseConfig;
import dev.lakehouse.trino.LakehouseTableProperties;
import dev.lakehouse.trino.SessionCommitInfo;
import dev.lakehouse.trino.TransactionLogAccess;
import dev.lakehouse.trino.Warehouse;
import io.trino.filesystem.Location;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SchemaTableName;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT;
import static io.trino.spi.StandardErrorCode.TABLE_NOT_FOUND;
import static java.lang.String.format;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * Vacuum as the connector offers it ({@code CALL system.vacuum} and the {@code system.vacuum_plan} dry run): finds
 * the table, checks the retention against {@code lakehouse.vacuum.min-retention}, and plans and runs with the
 * transaction log's {@link VacuumPlanner} and {@link VacuumRunner}, the same rules the maintenance service uses.
 */
public final class TableVacuum
{
    private final Warehouse warehouse;
    private final TransactionLogAccess logAccess;
    private final Duration minRetention;
    private final int defaultCheckpointInterval;

    @Inject
    public TableVacuum(Warehouse warehouse, TransactionLogAccess logAccess, LakehouseConfig config)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
        this.minRetention = Duration.ofMillis(config.getVacuumMinRetention().toMillis());
        this.defaultCheckpointInterval = config.getDefaultCheckpointInterval();
    }

    /**
     * @param retention an airlift duration such as {@code 7d}; empty for the table's {@code delta.deletedFileRetentionDuration}
     */
    public VacuumTarget target(ConnectorSession session, String schemaName, String tableName, Optional<String> retention)
    {
        if (schemaName == null || tableName == null) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "schema_name and table_name are required");
        }
        SchemaTableName name = new SchemaTableName(schemaName, tableName);
        Location location = warehouse.findTable(session, name)
                .orElseThrow(() -> new TrinoException(TABLE_NOT_FOUND, format("Table %s does not exist; SHOW TABLES lists the tables of a schema", name)));
        Duration effective = retention.map(TableVacuum::parseRetention)
                .orElseGet(() -> TableRetention.deletedFileRetention(logAccess.latestSnapshot(session, location).metadata()));
        if (effective.compareTo(minRetention) < 0) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, format(
                    "Retention %s is shorter than the minimum vacuum retention %s (catalog property lakehouse.vacuum.min-retention): a shorter one could delete " +
                            "files of writes still in flight or of versions that readers still use. Use a retention of at least %s, or lower lakehouse.vacuum.min-retention",
                    describe(effective), describe(minRetention), describe(minRetention)));
        }
        return new VacuumTarget(name, location, effective);
    }

    public VacuumPlan plan(ConnectorSession session, VacuumTarget target)
    {
        return new VacuumPlanner(logAccess.fileSystem(session), logAccess.transactionLog(session, target.location())).plan(target.retention(), Instant.now());
    }

    public VacuumResult vacuum(ConnectorSession session, VacuumTarget target)
    {
        TableSnapshot snapshot = logAccess.latestSnapshot(session, target.location());
        int checkpointInterval = LakehouseTableProperties.checkpointInterval(snapshot.metadata(), defaultCheckpointInterval);
        CommitInfoEntry provenance = SessionCommitInfo.of(session, "VACUUM", ImmutableMap.of(), false);
        VacuumRunner runner = new VacuumRunner(logAccess.fileSystem(session), logAccess.transactionLog(session, target.location()),
                request -> logAccess.commit(session, target.location(), request, checkpointInterval));
        VacuumResult result = runner.run(plan(session, target), provenance, TableRetention.deletedFileRetention(snapshot.metadata()));
        logAccess.invalidate(target.location());
        return result;
    }

    private static Duration parseRetention(String value)
    {
        try {
            return Duration.ofMillis(io.airlift.units.Duration.valueOf(value.strip()).toMillis());
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, format("Invalid retention '%s': expected a duration such as '7d', '36h' or '90m'", value), e);
        }
    }

    private static String describe(Duration duration)
    {
        return io.airlift.units.Duration.succinctDuration(duration.toMillis(), MILLISECONDS).toString();
    }
}
