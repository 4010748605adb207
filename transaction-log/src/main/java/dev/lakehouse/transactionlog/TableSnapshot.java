package dev.lakehouse.transactionlog;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DomainMetadataEntry;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.actions.TransactionEntry;
import dev.lakehouse.transactionlog.schema.DeltaSchemaCodec;
import dev.lakehouse.transactionlog.schema.DeltaType;
import io.trino.filesystem.Location;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The state of a table at one version: what log replay of a checkpoint and the commits after it yields.
 *
 * @param timestamp the commit time of {@code version}, in epoch milliseconds
 * @param domainMetadata the domains present at this version (removed ones are left out), by name
 */
public record TableSnapshot(
        Location tableLocation,
        long version,
        long timestamp,
        ProtocolEntry protocol,
        MetadataEntry metadata,
        List<AddFileEntry> activeFiles,
        Map<String, TransactionEntry> transactions,
        Map<String, DomainMetadataEntry> domainMetadata)
{
    public TableSnapshot
    {
        requireNonNull(tableLocation, "tableLocation is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(metadata, "metadata is null");
        activeFiles = ImmutableList.copyOf(activeFiles);
        transactions = ImmutableMap.copyOf(transactions);
        domainMetadata = ImmutableMap.copyOf(domainMetadata);
    }

    public DeltaType.Struct schema()
    {
        return DeltaSchemaCodec.parse(metadata.schemaString());
    }

    /**
     * Resolves an {@code add} path (relative and URL-encoded, or an absolute URI) to a location.
     */
    public Location dataFileLocation(String path)
    {
        return DataFilePaths.resolve(tableLocation, path);
    }
}
