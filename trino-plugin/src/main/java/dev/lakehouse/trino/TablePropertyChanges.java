package dev.lakehouse.trino;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.layout.ClusteringTags;
import dev.lakehouse.transactionlog.TableFeatures;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.DomainMetadataEntry;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.schema.ColumnMappingMode;
import dev.lakehouse.trino.maintenance.MaintenanceTableProperties;
import dev.lakehouse.trino.schema.SchemaChanges;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.type.TypeManager;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INVALID_TABLE_PROPERTY;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;

/**
 * What {@code ALTER TABLE ... SET PROPERTIES} commits: one protocol action when a property needs a table feature
 * (clustering, column mapping, deletion vectors; a protocol only goes up), one metadata action for the properties
 * kept in the table configuration, and the clustering domain metadata. Partitioning and location cannot change.
 */
final class TablePropertyChanges
{
    private TablePropertyChanges() {}

    record Change(List<DeltaAction> actions, Map<String, String> operationParameters)
    {
        String operation()
        {
            return actions.stream().anyMatch(MetadataEntry.class::isInstance) ? "SET TBLPROPERTIES" : "CLUSTER BY";
        }
    }

    static Change of(TableSnapshot snapshot, Map<String, Optional<Object>> properties, SchemaTableName table, TypeManager typeManager)
    {
        Set<String> unchangeable = new TreeSet<>(properties.keySet());
        unchangeable.retainAll(Set.of(LakehouseTableProperties.PARTITIONED_BY, LakehouseTableProperties.LOCATION));
        if (!unchangeable.isEmpty()) {
            throw new TrinoException(NOT_SUPPORTED, "partitioned_by and location cannot be changed with ALTER TABLE ... SET PROPERTIES (not %s): rewrite the table with CREATE OR REPLACE TABLE ... AS SELECT".formatted(unchangeable));
        }
        ImmutableList.Builder<DeltaAction> actions = ImmutableList.builder();
        ImmutableMap.Builder<String, String> parameters = ImmutableMap.builder();
        ProtocolEntry protocol = snapshot.protocol();
        MetadataEntry metadata = snapshot.metadata();
        if (properties.containsKey(LakehouseTableProperties.COLUMN_MAPPING_MODE)) {
            ColumnMappingMode requested = (ColumnMappingMode) properties.get(LakehouseTableProperties.COLUMN_MAPPING_MODE).orElse(ColumnMappingMode.NONE);
            ColumnMappingMode current = ColumnMappingMode.of(metadata);
            if (requested != current) {
                if (requested != ColumnMappingMode.NAME) {
                    throw new TrinoException(NOT_SUPPORTED, "column_mapping_mode of table %s can only change from 'none' to 'name' (its data files have no field ids for 'id', and a mapping cannot be removed); it is '%s'"
                            .formatted(table, current.value()));
                }
                metadata = SchemaChanges.enableNameMapping(metadata, table);
                protocol = TableFeatures.withColumnMapping(protocol);
            }
        }
        if (properties.containsKey(LakehouseTableProperties.CLUSTERED_BY)) {
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) properties.get(LakehouseTableProperties.CLUSTERED_BY).orElse(ImmutableList.of());
            List<String> clusteredBy = TableClustering.resolve(names, TableColumns.columnHandles(metadata, typeManager), LakehouseTableProperties.CLUSTERED_BY, LAKEHOUSE_INVALID_TABLE_PROPERTY);
            actions.addAll(clusteringChange(snapshot, clusteredBy));
            if (!clusteredBy.isEmpty()) {
                protocol = TableClustering.protocol(protocol);
            }
            parameters.put("newClusteringColumns", ClusteringTags.encodeColumns(clusteredBy));
        }
        for (FeatureFlag flag : FeatureFlag.values()) {
            if (properties.containsKey(flag.property())) {
                boolean enabled = (Boolean) properties.get(flag.property()).orElse(false);
                metadata = flag.configure(metadata, enabled);
                protocol = flag.protocol(protocol, enabled);
            }
        }
        if (properties.containsKey(LakehouseTableProperties.CHECKPOINT_INTERVAL)) {
            Map<String, String> withInterval = new HashMap<>(metadata.configuration());
            properties.get(LakehouseTableProperties.CHECKPOINT_INTERVAL).ifPresentOrElse(
                    interval -> withInterval.put(LakehouseTableProperties.CHECKPOINT_INTERVAL_CONFIGURATION, interval.toString()),
                    () -> withInterval.remove(LakehouseTableProperties.CHECKPOINT_INTERVAL_CONFIGURATION));
            metadata = metadata.withConfiguration(withInterval);
        }
        metadata = metadata.withConfiguration(MaintenanceTableProperties.updatedConfiguration(metadata.configuration(), properties));
        ImmutableList.Builder<DeltaAction> ordered = ImmutableList.builder();
        if (!protocol.equals(snapshot.protocol())) {
            ordered.add(protocol);
        }
        if (!metadata.equals(snapshot.metadata())) {
            ordered.add(metadata);
        }
        return new Change(ordered.addAll(actions.build()).build(), parameters.buildOrThrow());
    }

    /**
     * The domain metadata that makes {@code clusteredBy} the table's clustering columns (none when nothing changes).
     */
    private static List<DeltaAction> clusteringChange(TableSnapshot snapshot, List<String> clusteredBy)
    {
        if (!clusteredBy.isEmpty() && !snapshot.metadata().partitionColumns().isEmpty()) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "A partitioned table cannot be clustered (the Delta protocol forbids it); use ALTER TABLE ... EXECUTE cluster(columns => ...) to cluster within partitions");
        }
        if (clusteredBy.isEmpty()) {
            DomainMetadataEntry current = snapshot.domainMetadata().get(DomainMetadataEntry.CLUSTERING_DOMAIN);
            return current == null ? ImmutableList.of() : ImmutableList.of(new DomainMetadataEntry(DomainMetadataEntry.CLUSTERING_DOMAIN, current.configuration(), true));
        }
        return ImmutableList.of(TableClustering.domainMetadata(clusteredBy));
    }
}
