package dev.lakehouse.trino;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import dev.lakehouse.trino.execute.ClusterTableProcedure;
import dev.lakehouse.trino.execute.OptimizeTableProcedure;
import dev.lakehouse.trino.execute.RebuildStatisticsProcedure;
import dev.lakehouse.trino.merge.LakehouseNodePartitioningProvider;
import dev.lakehouse.trino.restore.RestoreTableProcedure;
import io.airlift.bootstrap.LifeCycleManager;
import io.trino.plugin.base.classloader.ClassLoaderSafeConnectorMetadata;
import io.trino.plugin.base.classloader.ClassLoaderSafeConnectorPageSinkProvider;
import io.trino.plugin.base.classloader.ClassLoaderSafeConnectorPageSourceProvider;
import io.trino.plugin.base.classloader.ClassLoaderSafeConnectorSplitManager;
import io.trino.plugin.base.classloader.ClassLoaderSafeConnectorTableFunction;
import io.trino.plugin.base.classloader.ClassLoaderSafeNodePartitioningProvider;
import io.trino.plugin.base.session.SessionPropertiesProvider;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorCapabilities;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorNodePartitioningProvider;
import io.trino.spi.connector.ConnectorPageSinkProvider;
import io.trino.spi.connector.ConnectorPageSourceProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplitManager;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.TableProcedureMetadata;
import io.trino.spi.function.FunctionProvider;
import io.trino.spi.function.table.ConnectorTableFunction;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.session.PropertyMetadata;
import io.trino.spi.transaction.IsolationLevel;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.trino.spi.connector.ConnectorCapabilities.NOT_NULL_COLUMN_CONSTRAINT;
import static io.trino.spi.transaction.IsolationLevel.SERIALIZABLE;
import static io.trino.spi.transaction.IsolationLevel.checkConnectorSupports;
import static java.util.Objects.requireNonNull;

public final class LakehouseConnector
        implements Connector
{
    private final LifeCycleManager lifeCycleManager;
    private final LakehouseTransactionManager transactionManager;
    private final ConnectorSplitManager splitManager;
    private final ConnectorPageSourceProvider pageSourceProvider;
    private final ConnectorPageSinkProvider pageSinkProvider;
    private final ConnectorNodePartitioningProvider nodePartitioningProvider;
    private final List<PropertyMetadata<?>> sessionProperties;
    private final List<PropertyMetadata<?>> tableProperties;
    private final Set<Procedure> procedures;
    private final Set<ConnectorTableFunction> tableFunctions;
    private final FunctionProvider functionProvider;
    private final ClassLoader classLoader = LakehouseConnector.class.getClassLoader();

    @Inject
    public LakehouseConnector(
            LifeCycleManager lifeCycleManager,
            LakehouseTransactionManager transactionManager,
            LakehouseSplitManager splitManager,
            ConnectorPageSourceProvider pageSourceProvider,
            ConnectorPageSinkProvider pageSinkProvider,
            Set<SessionPropertiesProvider> sessionProperties,
            Set<Procedure> procedures,
            Set<ConnectorTableFunction> tableFunctions,
            FunctionProvider functionProvider,
            LakehouseTableProperties tableProperties)
    {
        this.lifeCycleManager = requireNonNull(lifeCycleManager, "lifeCycleManager is null");
        this.transactionManager = requireNonNull(transactionManager, "transactionManager is null");
        this.splitManager = new ClassLoaderSafeConnectorSplitManager(splitManager, classLoader);
        this.pageSourceProvider = new ClassLoaderSafeConnectorPageSourceProvider(pageSourceProvider, classLoader);
        this.pageSinkProvider = new ClassLoaderSafeConnectorPageSinkProvider(pageSinkProvider, classLoader);
        this.nodePartitioningProvider = new ClassLoaderSafeNodePartitioningProvider(new LakehouseNodePartitioningProvider(), classLoader);
        this.sessionProperties = sessionProperties.stream()
                .flatMap(provider -> provider.getSessionProperties().stream())
                .collect(ImmutableList.toImmutableList());
        this.tableProperties = tableProperties.getTableProperties();
        this.procedures = ImmutableSet.copyOf(procedures);
        this.tableFunctions = tableFunctions.stream()
                .map(function -> new ClassLoaderSafeConnectorTableFunction(function, classLoader))
                .collect(ImmutableSet.toImmutableSet());
        this.functionProvider = requireNonNull(functionProvider, "functionProvider is null");
    }

    @Override
    public ConnectorTransactionHandle beginTransaction(IsolationLevel isolationLevel, boolean readOnly, boolean autoCommit)
    {
        checkConnectorSupports(SERIALIZABLE, isolationLevel);
        LakehouseTransactionHandle transaction = new LakehouseTransactionHandle(UUID.randomUUID());
        transactionManager.begin(transaction);
        return transaction;
    }

    /**
     * NOT NULL columns are Delta fields with {@code nullable: false}, which writers must enforce; Trino's engine
     * checks them on every INSERT, UPDATE and MERGE.
     */
    @Override
    public Set<ConnectorCapabilities> getCapabilities()
    {
        return ImmutableSet.of(NOT_NULL_COLUMN_CONSTRAINT);
    }

    @Override
    public ConnectorMetadata getMetadata(ConnectorSession session, ConnectorTransactionHandle transaction)
    {
        return new ClassLoaderSafeConnectorMetadata(transactionManager.get(transaction), classLoader);
    }

    @Override
    public void commit(ConnectorTransactionHandle transaction)
    {
        transactionManager.end(transaction);
    }

    @Override
    public void rollback(ConnectorTransactionHandle transaction)
    {
        transactionManager.end(transaction);
    }

    @Override
    public ConnectorSplitManager getSplitManager()
    {
        return splitManager;
    }

    @Override
    public ConnectorPageSourceProvider getPageSourceProvider()
    {
        return pageSourceProvider;
    }

    @Override
    public ConnectorPageSinkProvider getPageSinkProvider()
    {
        return pageSinkProvider;
    }

    @Override
    public ConnectorNodePartitioningProvider getNodePartitioningProvider()
    {
        return nodePartitioningProvider;
    }

    @Override
    public List<PropertyMetadata<?>> getSessionProperties()
    {
        return sessionProperties;
    }

    @Override
    public List<PropertyMetadata<?>> getAnalyzeProperties()
    {
        return LakehouseAnalyzeProperties.properties();
    }

    @Override
    public List<PropertyMetadata<?>> getTableProperties()
    {
        return tableProperties;
    }

    @Override
    public Set<TableProcedureMetadata> getTableProcedures()
    {
        return ImmutableSet.of(OptimizeTableProcedure.metadata(), ClusterTableProcedure.metadata(), RebuildStatisticsProcedure.metadata(), RestoreTableProcedure.metadata());
    }

    @Override
    public Set<Procedure> getProcedures()
    {
        return procedures;
    }

    @Override
    public Set<ConnectorTableFunction> getTableFunctions()
    {
        return tableFunctions;
    }

    @Override
    public Optional<FunctionProvider> getFunctionProvider()
    {
        return Optional.of(functionProvider);
    }

    @Override
    public void shutdown()
    {
        lifeCycleManager.stop();
    }
}
