package dev.lakehouse.trino.vacuum;

import io.trino.filesystem.Location;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * A {@code vacuum_plan} call after analysis: the table and the retention it was checked with.
 */
public record VacuumPlanHandle(SchemaTableName table, String location, long retentionMillis)
        implements ConnectorTableFunctionHandle
{
    public VacuumPlanHandle
    {
        requireNonNull(table, "table is null");
        requireNonNull(location, "location is null");
    }

    public VacuumTarget target()
    {
        return new VacuumTarget(table, Location.of(location), Duration.ofMillis(retentionMillis));
    }
}
