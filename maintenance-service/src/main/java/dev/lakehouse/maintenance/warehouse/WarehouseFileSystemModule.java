package dev.lakehouse.maintenance.warehouse;

import com.google.common.collect.ImmutableMap;
import com.google.inject.Binder;
import io.airlift.configuration.AbstractConfigurationAwareModule;
import io.opentelemetry.api.OpenTelemetry;
import io.trino.filesystem.manager.FileSystemModule;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Trino's file system layer, configured by the same {@code fs.*}, {@code s3.*}, {@code local.*} properties as a
 * lakehouse catalog, so the service reaches the warehouse exactly as the catalog does.
 */
public final class WarehouseFileSystemModule
        extends AbstractConfigurationAwareModule
{
    /**
     * As in the catalog: local warehouses work without extra settings, through Trino's native local file system
     * over the whole disk. The configuration overrides both.
     */
    public static final Map<String, String> DEFAULT_PROPERTIES = ImmutableMap.of(
            "fs.native-local.enabled", "true",
            "local.location", "/");

    private final OpenTelemetry openTelemetry;

    public WarehouseFileSystemModule(OpenTelemetry openTelemetry)
    {
        this.openTelemetry = requireNonNull(openTelemetry, "openTelemetry is null");
    }

    @Override
    protected void setup(Binder binder)
    {
        install(new FileSystemModule("lakehouse-maintenance", new ServiceNodeManager("lakehouse-maintenance"), openTelemetry, false));
    }
}
