package dev.lakehouse.maintenance;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.lakehouse.maintenance.evaluate.TableEvaluator;
import dev.lakehouse.maintenance.evaluate.WarehouseEvaluator;
import dev.lakehouse.maintenance.jobs.JobExecutor;
import dev.lakehouse.maintenance.jobs.JobRegistry;
import dev.lakehouse.maintenance.jobs.SharedJobHistory;
import dev.lakehouse.maintenance.jobs.TrinoClient;
import dev.lakehouse.maintenance.measure.HealthMeasurer;
import dev.lakehouse.maintenance.metrics.MaintenanceStats;
import dev.lakehouse.maintenance.observe.TableObserver;
import dev.lakehouse.maintenance.registry.TableRegistry;
import dev.lakehouse.maintenance.scheduler.EvaluationJob;
import dev.lakehouse.maintenance.scheduler.Evaluator;
import dev.lakehouse.maintenance.scheduler.GuiceJobFactory;
import dev.lakehouse.maintenance.scheduler.MaintenanceScheduler;
import dev.lakehouse.maintenance.scheduler.ServiceLifecycle;
import dev.lakehouse.maintenance.scheduler.TableMaintenanceJob;
import dev.lakehouse.maintenance.server.ApiToken;
import dev.lakehouse.maintenance.server.ApiTokenFilter;
import dev.lakehouse.maintenance.server.InfoResource;
import dev.lakehouse.maintenance.server.JobsResource;
import dev.lakehouse.maintenance.server.MetricsResource;
import dev.lakehouse.maintenance.server.TablesResource;
import dev.lakehouse.maintenance.warehouse.WarehouseTables;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.jaxrs.JaxrsBinder.jaxrsBinder;
import static org.weakref.jmx.guice.ExportBinder.newExporter;

public final class MaintenanceModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(MaintenanceConfig.class);

        binder.bind(WarehouseTables.class).in(Scopes.SINGLETON);
        binder.bind(TableRegistry.class).in(Scopes.SINGLETON);

        binder.bind(TableObserver.class).in(Scopes.SINGLETON);
        binder.bind(HealthMeasurer.class).in(Scopes.SINGLETON);
        binder.bind(TableEvaluator.class).in(Scopes.SINGLETON);
        binder.bind(JobRegistry.class).in(Scopes.SINGLETON);
        binder.bind(SharedJobHistory.class).in(Scopes.SINGLETON);
        binder.bind(JobExecutor.class).in(Scopes.SINGLETON);
        binder.bind(TrinoClient.class).in(Scopes.SINGLETON);
        binder.bind(ServiceLifecycle.class).in(Scopes.SINGLETON);
        binder.bind(MaintenanceStats.class).in(Scopes.SINGLETON);
        newExporter(binder).export(MaintenanceStats.class).withGeneratedName();

        binder.bind(Evaluator.class).to(WarehouseEvaluator.class).in(Scopes.SINGLETON);
        // jobs are created by Guice on each firing, so every job class is bound here
        binder.bind(EvaluationJob.class);
        binder.bind(TableMaintenanceJob.class);
        binder.bind(GuiceJobFactory.class).in(Scopes.SINGLETON);
        binder.bind(MaintenanceScheduler.class).in(Scopes.SINGLETON);

        binder.bind(ApiToken.class).in(Scopes.SINGLETON);
        jaxrsBinder(binder).bind(ApiTokenFilter.class);
        jaxrsBinder(binder).bind(InfoResource.class);
        jaxrsBinder(binder).bind(TablesResource.class);
        jaxrsBinder(binder).bind(JobsResource.class);
        jaxrsBinder(binder).bind(MetricsResource.class);
    }
}
