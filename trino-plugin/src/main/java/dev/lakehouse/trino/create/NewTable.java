package dev.lakehouse.trino.create;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.trino.TableClustering;
import io.trino.filesystem.Location;
import io.trino.spi.connector.SchemaTableName;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A table as CREATE TABLE describes it, before anything is written: where it goes, whether something is there
 * already, and the protocol and metadata its first commit holds.
 *
 * @param external whether the location is not the warehouse's default one for the name (the table is registered)
 * @param exists whether the name or the location already holds a table (CREATE OR REPLACE replaces it)
 */
public record NewTable(SchemaTableName name, Location location, boolean external, boolean exists, ProtocolEntry protocol, MetadataEntry metadata, List<String> clusteredBy, int checkpointInterval)
{
    public NewTable
    {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(metadata, "metadata is null");
        clusteredBy = List.copyOf(clusteredBy);
    }

    /** The actions that make the table: protocol, metadata and, for a clustered table, its clustering columns. */
    public List<DeltaAction> creationActions()
    {
        ImmutableList.Builder<DeltaAction> actions = ImmutableList.<DeltaAction>builder().add(protocol, metadata);
        TableClustering.nonEmpty(clusteredBy).map(TableClustering::domainMetadata).ifPresent(actions::add);
        return actions.build();
    }
}
