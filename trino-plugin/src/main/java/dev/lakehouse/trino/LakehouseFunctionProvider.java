package dev.lakehouse.trino;

import com.google.inject.Inject;
import dev.lakehouse.trino.changefeed.TableChangesHandle;
import dev.lakehouse.trino.changefeed.TableChangesProcessorProvider;
import dev.lakehouse.trino.read.LakehousePageSourceProvider;
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
    private final LakehousePageSourceProvider pageSourceProvider;

    @Inject
    public LakehouseFunctionProvider(TableVacuum tableVacuum, LakehousePageSourceProvider pageSourceProvider)
    {
        this.tableVacuum = requireNonNull(tableVacuum, "tableVacuum is null");
        this.pageSourceProvider = requireNonNull(pageSourceProvider, "pageSourceProvider is null");
    }

    @Override
    public TableFunctionProcessorProvider getTableFunctionProcessorProvider(ConnectorTableFunctionHandle handle)
    {
        if (handle instanceof VacuumPlanHandle) {
            return new ClassLoaderSafeTableFunctionProcessorProvider(new VacuumPlanProcessorProvider(tableVacuum), getClass().getClassLoader());
        }
        if (handle instanceof TableChangesHandle) {
            return new ClassLoaderSafeTableFunctionProcessorProvider(new TableChangesProcessorProvider(pageSourceProvider), getClass().getClassLoader());
        }
        throw new UnsupportedOperationException("Unknown table function handle: " + handle);
    }
}
