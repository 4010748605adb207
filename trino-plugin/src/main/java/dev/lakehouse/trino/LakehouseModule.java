package dev.lakehouse.trino;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import dev.lakehouse.transactionlog.checkpoint.CheckpointReader;
import dev.lakehouse.transactionlog.checkpoint.CheckpointWriter;
import dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointReader;
import dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointWriter;
import dev.lakehouse.trino.changefeed.TableChangesFunction;
import dev.lakehouse.trino.clone.CloneTableProcedure;
import dev.lakehouse.trino.clone.TableClones;
import dev.lakehouse.trino.constraints.AddConstraintProcedure;
import dev.lakehouse.trino.constraints.ConstraintChanges;
import dev.lakehouse.trino.constraints.DropConstraintProcedure;
import dev.lakehouse.trino.constraints.ExistingRowsCheck;
import dev.lakehouse.trino.execute.StatisticsRebuilder;
import dev.lakehouse.trino.metadatatables.MetadataTables;
import dev.lakehouse.trino.procedure.RegisterTableProcedure;
import dev.lakehouse.trino.procedure.UnregisterTableProcedure;
import dev.lakehouse.trino.read.LakehousePageSourceProvider;
import dev.lakehouse.trino.vacuum.TableVacuum;
import dev.lakehouse.trino.vacuum.VacuumPlanFunction;
import dev.lakehouse.trino.vacuum.VacuumProcedure;
import dev.lakehouse.trino.write.LakehousePageSinkProvider;
import io.trino.plugin.base.session.SessionPropertiesProvider;
import io.trino.spi.connector.ConnectorPageSinkProvider;
import io.trino.spi.connector.ConnectorPageSourceProvider;
import io.trino.spi.function.FunctionProvider;
import io.trino.spi.function.table.ConnectorTableFunction;
import io.trino.spi.procedure.Procedure;

import static com.google.inject.multibindings.Multibinder.newSetBinder;
import static io.airlift.configuration.ConfigBinder.configBinder;

public final class LakehouseModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(LakehouseConfig.class);
        binder.bind(LakehouseConnector.class).in(Scopes.SINGLETON);
        binder.bind(LakehouseTransactionManager.class).in(Scopes.SINGLETON);
        binder.bind(TransactionLogAccess.class).in(Scopes.SINGLETON);
        binder.bind(Warehouse.class).in(Scopes.SINGLETON);
        binder.bind(MetadataTables.class).in(Scopes.SINGLETON);
        binder.bind(ConstraintChanges.class).in(Scopes.SINGLETON);
        binder.bind(ExistingRowsCheck.class).in(Scopes.SINGLETON);
        binder.bind(ColumnStatisticsStore.class).in(Scopes.SINGLETON);
        binder.bind(LakehouseSplitManager.class).in(Scopes.SINGLETON);
        binder.bind(LakehousePageSourceProvider.class).in(Scopes.SINGLETON);
        binder.bind(ConnectorPageSourceProvider.class).to(LakehousePageSourceProvider.class);
        binder.bind(StatisticsRebuilder.class).in(Scopes.SINGLETON);
        binder.bind(ConnectorPageSinkProvider.class).to(LakehousePageSinkProvider.class).in(Scopes.SINGLETON);
        binder.bind(LakehouseTableProperties.class).in(Scopes.SINGLETON);
        Multibinder<Procedure> procedures = newSetBinder(binder, Procedure.class);
        procedures.addBinding().toProvider(RegisterTableProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(UnregisterTableProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(VacuumProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(AddConstraintProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(DropConstraintProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(CloneTableProcedure.class).in(Scopes.SINGLETON);
        binder.bind(TableClones.class).in(Scopes.SINGLETON);
        binder.bind(TableVacuum.class).in(Scopes.SINGLETON);
        newSetBinder(binder, ConnectorTableFunction.class).addBinding().to(VacuumPlanFunction.class).in(Scopes.SINGLETON);
        newSetBinder(binder, ConnectorTableFunction.class).addBinding().to(TableChangesFunction.class).in(Scopes.SINGLETON);
        binder.bind(FunctionProvider.class).to(LakehouseFunctionProvider.class).in(Scopes.SINGLETON);
        newSetBinder(binder, SessionPropertiesProvider.class).addBinding().to(LakehouseSessionProperties.class).in(Scopes.SINGLETON);
        binder.bind(CheckpointReader.class).to(ParquetCheckpointReader.class).in(Scopes.SINGLETON);
        binder.bind(CheckpointWriter.class).to(ParquetCheckpointWriter.class).in(Scopes.SINGLETON);
    }
}
