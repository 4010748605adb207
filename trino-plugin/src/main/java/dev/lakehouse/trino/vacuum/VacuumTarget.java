package dev.lakehouse.trino.vacuum;

import io.trino.filesystem.Location;
import io.trino.spi.connector.SchemaTableName;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * A table to vacuum, found in the warehouse, with a retention that passed the catalog's minimum.
 */
public record VacuumTarget(SchemaTableName table, Location location, Duration retention)
{
    public VacuumTarget
    {
        requireNonNull(table, "table is null");
        requireNonNull(location, "location is null");
        requireNonNull(retention, "retention is null");
    }
}
