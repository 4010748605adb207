package dev.lakehouse.maintenance.server;

import com.google.inject.Inject;
import dev.lakehouse.maintenance.registry.TableRegistry;
import dev.lakehouse.maintenance.warehouse.TableName;
import dev.lakehouse.maintenance.warehouse.TableSummary;
import dev.lakehouse.maintenance.warehouse.WarehouseTables;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;

import java.util.List;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.lakehouse.maintenance.server.ErrorResponse.errorResponse;
import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;
import static jakarta.ws.rs.core.Response.Status.NOT_FOUND;
import static java.util.Objects.requireNonNull;

/**
 * The warehouse's tables as the log shows them now, with the service's state of each.
 */
@Path("/v1/tables")
@Produces(APPLICATION_JSON)
public final class TablesResource
{
    private final WarehouseTables warehouse;
    private final TableRegistry registry;

    @Inject
    public TablesResource(WarehouseTables warehouse, TableRegistry registry)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.registry = requireNonNull(registry, "registry is null");
    }

    @GET
    public List<TableRepresentation> listTables()
    {
        return warehouse.listTables().stream()
                .map(table -> TableRepresentation.listed(table, registry))
                .collect(toImmutableList());
    }

    @GET
    @Path("{schema}/{table}")
    public TableRepresentation getTable(@PathParam("schema") String schema, @PathParam("table") String table)
    {
        return TableRepresentation.detailed(existingTable(schema, table), registry);
    }

    /**
     * The service leaves a paused table alone until it is resumed.
     */
    @POST
    @Path("{schema}/{table}/pause")
    public TableRepresentation pause(@PathParam("schema") String schema, @PathParam("table") String table)
    {
        TableSummary summary = existingTable(schema, table);
        registry.pause(summary.name());
        return TableRepresentation.detailed(summary, registry);
    }

    @POST
    @Path("{schema}/{table}/resume")
    public TableRepresentation resume(@PathParam("schema") String schema, @PathParam("table") String table)
    {
        TableSummary summary = existingTable(schema, table);
        registry.resume(summary.name());
        return TableRepresentation.detailed(summary, registry);
    }

    private TableSummary existingTable(String schema, String table)
    {
        TableName name = new TableName(schema, table);
        return warehouse.getTable(name).orElseThrow(() -> new NotFoundException(errorResponse(NOT_FOUND,
                "Table %s not found in the warehouse %s: GET /v1/tables lists its tables".formatted(name, warehouse.root())).build()));
    }
}
