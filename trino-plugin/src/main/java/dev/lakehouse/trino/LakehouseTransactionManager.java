package dev.lakehouse.trino;

import com.google.inject.Inject;
import dev.lakehouse.trino.execute.StatisticsRebuilder;
import dev.lakehouse.trino.metadatatables.MetadataTables;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.type.TypeManager;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

/**
 * Keeps one metadata instance per open Trino transaction.
 */
public final class LakehouseTransactionManager
{
    private final TransactionLogAccess logAccess;
    private final Warehouse warehouse;
    private final TypeManager typeManager;
    private final ColumnStatisticsStore columnStatisticsStore;
    private final LakehouseConfig config;
    private final StatisticsRebuilder statisticsRebuilder;
    private final MetadataTables metadataTables;
    private final Map<ConnectorTransactionHandle, LakehouseMetadata> transactions = new ConcurrentHashMap<>();

    @Inject
    public LakehouseTransactionManager(TransactionLogAccess logAccess, Warehouse warehouse, TypeManager typeManager, ColumnStatisticsStore columnStatisticsStore, LakehouseConfig config, StatisticsRebuilder statisticsRebuilder, MetadataTables metadataTables)
    {
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
        this.columnStatisticsStore = requireNonNull(columnStatisticsStore, "columnStatisticsStore is null");
        this.config = requireNonNull(config, "config is null");
        this.statisticsRebuilder = requireNonNull(statisticsRebuilder, "statisticsRebuilder is null");
        this.metadataTables = requireNonNull(metadataTables, "metadataTables is null");
    }

    public void begin(ConnectorTransactionHandle transaction)
    {
        LakehouseMetadata metadata = new LakehouseMetadata(logAccess, warehouse, typeManager, new TableStatisticsProvider(), columnStatisticsStore, statisticsRebuilder, metadataTables, config.getDefaultCheckpointInterval());
        checkState(transactions.putIfAbsent(transaction, metadata) == null, "transaction %s already exists", transaction);
    }

    public ConnectorMetadata get(ConnectorTransactionHandle transaction)
    {
        LakehouseMetadata metadata = transactions.get(transaction);
        checkState(metadata != null, "no such transaction: %s", transaction);
        return metadata;
    }

    public void end(ConnectorTransactionHandle transaction)
    {
        transactions.remove(transaction);
    }
}
