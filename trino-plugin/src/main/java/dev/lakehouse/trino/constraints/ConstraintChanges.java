package dev.lakehouse.trino.constraints;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import dev.lakehouse.transactionlog.CommitRequest;
import dev.lakehouse.transactionlog.IsolationLevel;
import dev.lakehouse.transactionlog.TableFeatures;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.trino.LakehouseConfig;
import dev.lakehouse.trino.LakehouseTableProperties;
import dev.lakehouse.trino.SessionCommitInfo;
import dev.lakehouse.trino.TransactionLogAccess;
import dev.lakehouse.trino.Warehouse;
import io.trino.filesystem.Location;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.TableNotFoundException;

import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BiFunction;

import static java.util.Objects.requireNonNull;

/**
 * Commits a change of a table's constraints (a new {@code metaData}, and the protocol raised when constraints appear).
 */
public final class ConstraintChanges
{
    private final Warehouse warehouse;
    private final TransactionLogAccess logAccess;
    private final int defaultCheckpointInterval;

    @Inject
    public ConstraintChanges(Warehouse warehouse, TransactionLogAccess logAccess, LakehouseConfig config)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
        this.defaultCheckpointInterval = config.getDefaultCheckpointInterval();
    }

    /**
     * @param readsRows true when the change was decided by reading the table's rows: it then fails if any data
     * changed after the version it read
     */
    void commit(ConnectorSession session, SchemaTableName table, String operation, Map<String, String> parameters, boolean readsRows, BiFunction<TableSnapshot, SchemaTableName, MetadataEntry> change)
    {
        Location location = warehouse.findTable(session, table).orElseThrow(() -> new TableNotFoundException(table));
        TableSnapshot snapshot = logAccess.latestSnapshot(session, location);
        TableFeatures.checkCanWrite(snapshot.protocol(), snapshot.metadata(), table.toString());
        MetadataEntry metadata = change.apply(snapshot, table);
        ImmutableList.Builder<DeltaAction> actions = ImmutableList.builder();
        ProtocolEntry protocol = CheckConstraints.of(metadata).isEmpty() ? snapshot.protocol() : CheckConstraints.protocol(snapshot.protocol());
        if (!protocol.equals(snapshot.protocol())) {
            actions.add(protocol);
        }
        actions.add(metadata);
        logAccess.commit(session, location, new CommitRequest(OptionalLong.of(snapshot.version()), SessionCommitInfo.of(session, operation, parameters, false), actions.build(), readsRows, IsolationLevel.SERIALIZABLE),
                LakehouseTableProperties.checkpointInterval(metadata, defaultCheckpointInterval));
    }
}
