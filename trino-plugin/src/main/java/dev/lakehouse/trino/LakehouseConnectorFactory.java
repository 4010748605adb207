package dev.lakehouse.trino;

import com.google.common.collect.ImmutableMap;
import com.google.inject.Injector;
import com.google.inject.Module;
import io.airlift.bootstrap.Bootstrap;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.trino.filesystem.manager.FileSystemModule;
import io.trino.plugin.base.jmx.ConnectorObjectNameGeneratorModule;
import io.trino.plugin.base.jmx.MBeanServerModule;
import io.trino.spi.NodeManager;
import io.trino.spi.catalog.CatalogName;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorContext;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.spi.type.TypeManager;
import org.weakref.jmx.guice.MBeanModule;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static io.trino.plugin.base.Versions.checkStrictSpiVersionMatch;
import static java.util.Objects.requireNonNull;

public class LakehouseConnectorFactory
        implements ConnectorFactory
{
    public static final String CONNECTOR_NAME = "lakehouse";

    private final Optional<Module> fileSystemModule;

    public LakehouseConnectorFactory()
    {
        this(Optional.empty());
    }

    /**
     * @param fileSystemModule binds the {@code TrinoFileSystemFactory} instead of Trino's file system module,
     *                         for tests that count file operations
     */
    public LakehouseConnectorFactory(Optional<Module> fileSystemModule)
    {
        this.fileSystemModule = requireNonNull(fileSystemModule, "fileSystemModule is null");
    }

    @Override
    public String getName()
    {
        return CONNECTOR_NAME;
    }

    @Override
    public Connector create(String catalogName, Map<String, String> config, ConnectorContext context)
    {
        checkStrictSpiVersionMatch(context, this);
        ClassLoader classLoader = LakehouseConnectorFactory.class.getClassLoader();
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(classLoader)) {
            Module fileSystem = fileSystemModule.orElseGet(() -> new FileSystemModule(catalogName, context.getNodeManager(), context.getOpenTelemetry(), false));
            Module contextModule = binder -> {
                binder.bind(CatalogName.class).toInstance(new CatalogName(catalogName));
                binder.bind(TypeManager.class).toInstance(context.getTypeManager());
                binder.bind(NodeManager.class).toInstance(context.getNodeManager());
                binder.bind(OpenTelemetry.class).toInstance(context.getOpenTelemetry());
                binder.bind(Tracer.class).toInstance(context.getTracer());
            };
            Bootstrap app = new Bootstrap(
                    new MBeanModule(),
                    new MBeanServerModule(),
                    new ConnectorObjectNameGeneratorModule("dev.lakehouse.trino", "trino.plugin.lakehouse"),
                    contextModule,
                    fileSystem,
                    new LakehouseModule());
            Injector injector = app
                    .doNotInitializeLogging()
                    .setRequiredConfigurationProperties(withLocalFileSystemDefaults(config))
                    .initialize();
            return injector.getInstance(LakehouseConnector.class);
        }
    }

    /**
     * Local warehouses work without extra settings: Trino's native local file system is enabled over the whole
     * disk unless the catalog configures it.
     */
    private Map<String, String> withLocalFileSystemDefaults(Map<String, String> config)
    {
        Map<String, String> effective = new HashMap<>(config);
        if (fileSystemModule.isPresent()) {
            return ImmutableMap.copyOf(effective);
        }
        effective.putIfAbsent("fs.native-local.enabled", "true");
        if (Boolean.parseBoolean(effective.get("fs.native-local.enabled"))) {
            effective.putIfAbsent("local.location", "/");
        }
        return ImmutableMap.copyOf(effective);
    }
}
