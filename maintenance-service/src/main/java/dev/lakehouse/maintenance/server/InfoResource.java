package dev.lakehouse.maintenance.server;

import com.google.inject.Inject;
import dev.lakehouse.maintenance.ServiceVersion;
import dev.lakehouse.maintenance.registry.TableRegistry;
import dev.lakehouse.maintenance.scheduler.MaintenanceScheduler;
import dev.lakehouse.maintenance.warehouse.WarehouseTables;
import io.airlift.node.NodeInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import java.time.Instant;

import static dev.lakehouse.maintenance.server.ServiceInfo.SERVICE_NAME;
import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;
import static java.util.Objects.requireNonNull;

@Path("/v1/info")
public final class InfoResource
{
    private final NodeInfo nodeInfo;
    private final WarehouseTables warehouse;
    private final MaintenanceScheduler scheduler;
    private final TableRegistry registry;

    @Inject
    public InfoResource(NodeInfo nodeInfo, WarehouseTables warehouse, MaintenanceScheduler scheduler, TableRegistry registry)
    {
        this.nodeInfo = requireNonNull(nodeInfo, "nodeInfo is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.registry = requireNonNull(registry, "registry is null");
    }

    @GET
    @Produces(APPLICATION_JSON)
    public ServiceInfo getInfo()
    {
        return new ServiceInfo(
                SERVICE_NAME,
                nodeInfo.getNodeId(),
                ServiceVersion.current(),
                scheduler.isRunning() ? "ACTIVE" : "INACTIVE",
                warehouse.root().toString(),
                Instant.ofEpochMilli(nodeInfo.getStartTime()),
                registry.lastEvaluatedAt());
    }
}
