package dev.lakehouse.maintenance;

import com.google.common.collect.ImmutableList;
import com.google.inject.Module;
import dev.lakehouse.maintenance.warehouse.WarehouseFileSystemModule;
import io.airlift.bootstrap.Bootstrap;
import io.airlift.http.server.HttpServerModule;
import io.airlift.jaxrs.JaxrsModule;
import io.airlift.jmx.JmxModule;
import io.airlift.json.JsonModule;
import io.airlift.log.Logger;
import io.airlift.node.NodeModule;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import org.weakref.jmx.guice.MBeanModule;

import java.util.List;

/**
 * The maintenance service: an airlift server configured the airlift way ({@code -Dconfig=etc/config.properties},
 * {@code -Dlog.output-file=...}, {@code node.environment} ...). {@code bin/maintenance-service} starts it.
 */
public final class MaintenanceServer
{
    private static final Logger log = Logger.get(MaintenanceServer.class);

    private MaintenanceServer() {}

    public static void main(String[] args)
    {
        try {
            createBootstrap(new JmxModule()).initialize();
            ServiceLogManager.serverStarted();
            log.info("======== SERVER STARTED ========");
        }
        catch (Throwable e) {
            log.error(e);
            System.exit(1);
        }
    }

    /**
     * @param jmxModule binds the {@code MBeanServer}: the platform's ({@link JmxModule}) in the server, a private one
     *                  in tests that run several services in one JVM
     */
    public static Bootstrap createBootstrap(Module jmxModule)
    {
        return new Bootstrap(modules(jmxModule))
                .setOptionalConfigurationProperties(WarehouseFileSystemModule.DEFAULT_PROPERTIES);
    }

    private static List<Module> modules(Module jmxModule)
    {
        // tracing is off: the HTTP server's filter and the file systems get no-op instances
        OpenTelemetry openTelemetry = OpenTelemetry.noop();
        Module tracing = binder -> {
            binder.bind(OpenTelemetry.class).toInstance(openTelemetry);
            binder.bind(Tracer.class).toInstance(openTelemetry.getTracer(ServiceVersion.class.getPackageName()));
        };
        return ImmutableList.of(
                new NodeModule(),
                new HttpServerModule(),
                new JsonModule(),
                new JaxrsModule(),
                new MBeanModule(),
                jmxModule,
                tracing,
                new WarehouseFileSystemModule(openTelemetry),
                new MaintenanceModule());
    }
}
