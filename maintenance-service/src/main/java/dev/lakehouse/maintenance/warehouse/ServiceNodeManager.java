package dev.lakehouse.maintenance.warehouse;

import com.google.common.collect.ImmutableSet;
import io.trino.spi.HostAddress;
import io.trino.spi.Node;
import io.trino.spi.NodeManager;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The node view Trino's file system modules ask for (HDFS and caching read the current node). The service is not
 * part of a Trino cluster: it is a single node of its own, with no workers.
 */
final class ServiceNodeManager
        implements NodeManager
{
    private final Node currentNode;

    ServiceNodeManager(String nodeIdentifier)
    {
        this.currentNode = new ServiceNode(requireNonNull(nodeIdentifier, "nodeIdentifier is null"));
    }

    @Override
    public Set<Node> getAllNodes()
    {
        return ImmutableSet.of(currentNode);
    }

    @Override
    public Set<Node> getWorkerNodes()
    {
        return ImmutableSet.of();
    }

    @Override
    public Node getCurrentNode()
    {
        return currentNode;
    }

    @Override
    public String getEnvironment()
    {
        return "lakehouse-maintenance";
    }

    private record ServiceNode(String nodeIdentifier)
            implements Node
    {
        @Override
        public String getHost()
        {
            return "localhost";
        }

        @Override
        public HostAddress getHostAndPort()
        {
            return HostAddress.fromString(getHost());
        }

        @Override
        public String getNodeIdentifier()
        {
            return nodeIdentifier;
        }

        @Override
        public String getVersion()
        {
            return "lakehouse-maintenance";
        }

        @Override
        public boolean isCoordinator()
        {
            // the service plans from metadata, as a coordinator does
            return true;
        }
    }
}
