package dev.lakehouse.trino;

import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorContext;
import io.trino.spi.connector.ConnectorFactory;

import java.util.Map;

public class LakehouseConnectorFactory
        implements ConnectorFactory
{
    public static final String CONNECTOR_NAME = "lakehouse";

    @Override
    public String getName()
    {
        return CONNECTOR_NAME;
    }

    @Override
    public Connector create(String catalogName, Map<String, String> config, ConnectorContext context)
    {
        throw new UnsupportedOperationException("not yet");
    }
}
