package dev.lakehouse.trino.vacuum;

import io.trino.spi.connector.ConnectorSplit;

import static java.util.Objects.requireNonNull;

/**
 * The one split of a {@code vacuum_plan} call: planning lists the table once, on one worker.
 */
public record VacuumPlanSplit(String location)
        implements ConnectorSplit
{
    public VacuumPlanSplit
    {
        requireNonNull(location, "location is null");
    }
}
