package dev.lakehouse.trino;

import com.google.inject.Inject;
import dev.lakehouse.trino.vacuum.TableVacuum;
import dev.lakehouse.trino.vacuum.VacuumPlanHandle;
import dev.lakehouse.trino.vacuum.VacuumPlanProcessorProvider;
import io.trino.plugin.base.classloader.ClassLoaderSafeTableFunctionProcessorProvider;
import io.trino.spi.function.FunctionProvider;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;
import io.trino.spi.function.table.TableFunctionProcessorProvider;

import static java.util.Objects.requireNonNull;

/**
 * Runs the connector's table functions on the workers.
 */
public final class LakehouseFunctionProvider
        implements FunctionProvider
{
    private final TableVacuum tableVacuum;

    @Inject
    public LakehouseFunctionProvider(TableVacuum tableVacuum)
    {
        this.tableVacuum = requireNonNull(tableVacuum, "tableVacuum is null");
    }

    @Override
    public TableFunctionProcessorProvider getTableFunctionProcessorProvider(ConnectorTableFunctionHandle handle)
    {
        if (handle instanceof VacuumPlanHandle) {
            return new ClassLoaderSafeTableFunctionProcessorProvider(new VacuumPlanProcessorProvider(tableVacuum), getClass().getClassLoader());
        }
        throw new UnsupportedOperationException("Unknown table function handle: " + handle);
    }
}
