package dev.lakehouse.transactionlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DomainMetadataEntry;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import dev.lakehouse.transactionlog.actions.TransactionEntry;
import dev.lakehouse.transactionlog.schema.DeltaSchemaCodec;
import dev.lakehouse.transactionlog.schema.DeltaType;
import io.trino.filesystem.Location;
import io.trino.spi.TrinoException;

import java.util.List;
import java.util.Map;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_CORRUPT_LOG;
import static java.util.Objects.requireNonNull;

/**
 * The state of a table at one version: what log replay of a checkpoint and the commits after it yields.
 *
 * @param timestamp the commit time of {@code version}, in epoch milliseconds
 * @param domainMetadata the domains present at this version (removed ones are left out), by name
 * @param tombstones files removed at or before this version and not added again: what checkpoints keep (those younger
 * than the deleted-file retention) so that any engine's vacuum spares files that versions within the retention read
 */
public record TableSnapshot(
        Location tableLocation,
        long version,
        long timestamp,
        ProtocolEntry protocol,
        MetadataEntry metadata,
        List<AddFileEntry> activeFiles,
        Map<String, TransactionEntry> transactions,
        Map<String, DomainMetadataEntry> domainMetadata,
        List<RemoveFileEntry> tombstones)
{
    private static final ObjectMapper CLUSTERING_MAPPER = new ObjectMapper();

    public TableSnapshot
    {
        requireNonNull(tableLocation, "tableLocation is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(metadata, "metadata is null");
        activeFiles = ImmutableList.copyOf(activeFiles);
        transactions = ImmutableMap.copyOf(transactions);
        domainMetadata = ImmutableMap.copyOf(domainMetadata);
        tombstones = ImmutableList.copyOf(tombstones);
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

    /**
     * Physical names of the clustering columns, as Delta liquid clustering keeps them in the {@code delta.clustering}
     * domain metadata ({@code {"clusteringColumns": [["a"], ["b"]]}}); empty when the table is not clustered.
     */
    public List<String> clusteringColumns()
    {
        DomainMetadataEntry domain = domainMetadata.get(DomainMetadataEntry.CLUSTERING_DOMAIN);
        if (domain == null) {
            return ImmutableList.of();
        }
        try {
            JsonNode paths = CLUSTERING_MAPPER.readTree(domain.configuration()).path("clusteringColumns");
            ImmutableList.Builder<String> columns = ImmutableList.builder();
            for (JsonNode path : paths) {
                // the protocol's example lists names; Spark writes each as a path of one name
                if (path.isTextual()) {
                    columns.add(path.asText());
                    continue;
                }
                if (path.size() != 1) {
                    throw new TrinoException(LAKEHOUSE_CORRUPT_LOG, "Clustering column %s of %s is a nested field, which cannot be clustered by".formatted(path, tableLocation));
                }
                columns.add(path.get(0).asText());
            }
            return columns.build();
        }
        catch (JsonProcessingException e) {
            throw new TrinoException(LAKEHOUSE_CORRUPT_LOG, "The delta.clustering domain metadata of %s is not valid JSON: %s".formatted(tableLocation, domain.configuration()), e);
        }
    }
}
