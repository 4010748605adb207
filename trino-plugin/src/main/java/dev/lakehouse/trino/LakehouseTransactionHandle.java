package dev.lakehouse.trino;

import io.trino.spi.connector.ConnectorTransactionHandle;

import java.util.UUID;

import static java.util.Objects.requireNonNull;

public record LakehouseTransactionHandle(UUID uuid)
        implements ConnectorTransactionHandle
{
    public LakehouseTransactionHandle
    {
        requireNonNull(uuid, "uuid is null");
    }
}
