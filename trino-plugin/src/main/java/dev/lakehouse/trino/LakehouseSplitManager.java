package dev.lakehouse.trino;

import com.google.inject.Inject;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.execute.CompactionCandidates;
import dev.lakehouse.transactionlog.TableSnapshot;
import io.trino.filesystem.Location;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplitManager;
import io.trino.spi.connector.ConnectorSplitSource;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.Constraint;
import io.trino.spi.connector.DynamicFilter;

import java.util.List;

import static java.util.Objects.requireNonNull;

public final class LakehouseSplitManager
        implements ConnectorSplitManager
{
    private final TransactionLogAccess logAccess;

    @Inject
    public LakehouseSplitManager(TransactionLogAccess logAccess)
    {
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
    }

    @Override
    public ConnectorSplitSource getSplits(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorTableHandle tableHandle, DynamicFilter dynamicFilter, Constraint constraint)
    {
        LakehouseTableHandle table = (LakehouseTableHandle) tableHandle;
        TableSnapshot snapshot = logAccess.snapshot(session, Location.of(table.location()), table.version(), table.versionTimestamp());
        List<AddFileEntry> files = table.compactFilesSmallerThan().isPresent()
                ? CompactionCandidates.select(snapshot.activeFiles(), table.compactFilesSmallerThan().getAsLong())
                : snapshot.activeFiles();
        return new LakehouseSplitSource(
                files,
                table,
                dynamicFilter,
                LakehouseSessionProperties.isFilePruningEnabled(session),
                LakehouseSessionProperties.getMaxSplitSize(session).toBytes(),
                LakehouseSessionProperties.getDynamicFilteringWaitTimeout(session));
    }
}
