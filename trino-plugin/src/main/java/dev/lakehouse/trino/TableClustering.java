package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import dev.lakehouse.layout.ClusteringTags;
import dev.lakehouse.layout.SpaceFillingCurve;
import dev.lakehouse.transactionlog.TableFeatures;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.DomainMetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import io.trino.spi.ErrorCodeSupplier;
import io.trino.spi.TrinoException;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.lakehouse.transactionlog.actions.DomainMetadataEntry.CLUSTERING_DOMAIN;

/**
 * The clustering columns of a table, kept as Delta liquid clustering keeps them: the {@code delta.clustering} domain
 * metadata, {@code {"clusteringColumns": [["a"], ["b"]]}} with physical column names (a path per column).
 */
public final class TableClustering
{
    /** The {@code clusteringProvider} of the files this connector's clustering runs write into clustered tables. */
    public static final String CLUSTERING_PROVIDER = ClusteringTags.PROVIDER;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TableClustering() {}

    /** Physical names of the clustering columns of the snapshot; empty when the table is not clustered. */
    public static List<String> columns(TableSnapshot snapshot)
    {
        return snapshot.clusteringColumns();
    }

    /**
     * The protocol with the writer features of clustered tables ({@code domainMetadata}, {@code clustering}); a legacy
     * protocol's implied features are named, since writer version 7 lists every feature.
     */
    public static ProtocolEntry protocol(ProtocolEntry protocol)
    {
        return TableFeatures.merge(protocol, new ProtocolEntry(1, 7, Optional.empty(), Optional.of(Set.of(TableFeatures.DOMAIN_METADATA, TableFeatures.CLUSTERING))));
    }

    public static DomainMetadataEntry domainMetadata(List<String> physicalColumns)
    {
        ObjectNode configuration = MAPPER.createObjectNode();
        ArrayNode paths = configuration.putArray("clusteringColumns");
        physicalColumns.forEach(column -> paths.addArray().add(column));
        return new DomainMetadataEntry(CLUSTERING_DOMAIN, configuration.toString(), false);
    }

    /**
     * The physical names of the columns {@code names} refers to, checked: they exist, are data columns of an
     * orderable type, at most {@link SpaceFillingCurve#MAX_DIMENSIONS}, none twice.
     *
     * @param context what the names came from, for the error message ("clustered_by", "cluster")
     */
    public static List<String> resolve(List<String> names, List<LakehouseColumnHandle> tableColumns, String context, ErrorCodeSupplier errorCode)
    {
        if (names.size() > SpaceFillingCurve.MAX_DIMENSIONS) {
            throw new TrinoException(errorCode, "%s: at most %s clustering columns are supported, got %s".formatted(context, SpaceFillingCurve.MAX_DIMENSIONS, names.size()));
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new TrinoException(errorCode, "%s: a clustering column is listed twice in %s".formatted(context, names));
        }
        ImmutableList.Builder<String> physicalNames = ImmutableList.builder();
        for (String name : names) {
            LakehouseColumnHandle column = tableColumns.stream()
                    .filter(candidate -> candidate.name().equalsIgnoreCase(name))
                    .findFirst()
                    .orElseThrow(() -> new TrinoException(errorCode, "%s: column '%s' does not exist; the table's columns are %s".formatted(context, name, tableColumns.stream().map(LakehouseColumnHandle::name).toList())));
            if (column.partitionKey()) {
                throw new TrinoException(errorCode, "%s: column '%s' is a partition column; each file already holds one value of it".formatted(context, name));
            }
            if (!column.type().isOrderable()) {
                throw new TrinoException(errorCode, "%s: column '%s' of type %s has no order to cluster by".formatted(context, name, column.type()));
            }
            physicalNames.add(column.physicalName());
        }
        return physicalNames.build();
    }

    /** The user-facing names of clustering columns given by physical name. */
    public static List<String> names(List<String> physicalColumns, List<LakehouseColumnHandle> tableColumns)
    {
        return physicalColumns.stream()
                .map(physical -> tableColumns.stream()
                        .filter(column -> column.physicalName().equals(physical))
                        .map(LakehouseColumnHandle::name)
                        .findFirst()
                        .orElse(physical))
                .collect(ImmutableList.toImmutableList());
    }

    /** True when the table has the {@code clustering} writer feature: its clustering runs must name their provider. */
    public static boolean isClusteredTable(TableSnapshot snapshot)
    {
        return snapshot.protocol().writerFeatures().map(features -> features.contains(TableFeatures.CLUSTERING)).orElse(false);
    }

    public static Optional<List<String>> nonEmpty(List<String> columns)
    {
        return columns.isEmpty() ? Optional.empty() : Optional.of(columns);
    }
}
