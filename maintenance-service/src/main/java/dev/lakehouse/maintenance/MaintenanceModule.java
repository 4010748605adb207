package dev.lakehouse.maintenance;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.lakehouse.maintenance.registry.TableRegistry;
import dev.lakehouse.maintenance.scheduler.EvaluationJob;
import dev.lakehouse.maintenance.scheduler.Evaluator;
import dev.lakehouse.maintenance.scheduler.GuiceJobFactory;
import dev.lakehouse.maintenance.scheduler.MaintenanceScheduler;
import dev.lakehouse.maintenance.scheduler.ObservingEvaluator;
import dev.lakehouse.maintenance.server.ApiToken;
import dev.lakehouse.maintenance.server.ApiTokenFilter;
import dev.lakehouse.maintenance.server.InfoResource;
import dev.lakehouse.maintenance.server.TablesResource;
import dev.lakehouse.maintenance.warehouse.WarehouseTables;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.jaxrs.JaxrsBinder.jaxrsBinder;

public final class MaintenanceModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(MaintenanceConfig.class);

        binder.bind(WarehouseTables.class).in(Scopes.SINGLETON);
        binder.bind(TableRegistry.class).in(Scopes.SINGLETON);

        binder.bind(Evaluator.class).to(ObservingEvaluator.class).in(Scopes.SINGLETON);
        // jobs are created by Guice on each firing, so every job class is bound here
        binder.bind(EvaluationJob.class);
        binder.bind(GuiceJobFactory.class).in(Scopes.SINGLETON);
        binder.bind(MaintenanceScheduler.class).in(Scopes.SINGLETON);

        binder.bind(ApiToken.class).in(Scopes.SINGLETON);
        jaxrsBinder(binder).bind(ApiTokenFilter.class);
        jaxrsBinder(binder).bind(InfoResource.class);
        jaxrsBinder(binder).bind(TablesResource.class);
    }
}
