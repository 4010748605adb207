package dev.lakehouse.trino.schema;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.TableFeatures;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.DomainMetadataEntry;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.trino.merge.RowLevelCommits;

import java.util.List;

/**
 * {@code CREATE OR REPLACE TABLE} of an existing table: one commit after its latest version that gives it the new
 * schema and properties and removes every file it had (history stays: older versions read as they were). The table
 * keeps its id, and its protocol never goes down: the new one is merged into it.
 */
public final class TableReplacement
{
    private TableReplacement() {}

    /**
     * @param creationActions the protocol, metadata and domain metadata that would create the new table
     * @return the actions that turn {@code existing} into the new table, without its data (the caller adds the
     *         new files of a CREATE OR REPLACE ... AS SELECT)
     */
    public static List<DeltaAction> actions(TableSnapshot existing, List<DeltaAction> creationActions, long now)
    {
        ImmutableList.Builder<DeltaAction> actions = ImmutableList.builder();
        boolean clustered = false;
        for (DeltaAction action : creationActions) {
            switch (action) {
                case ProtocolEntry protocol -> {
                    ProtocolEntry merged = TableFeatures.merge(existing.protocol(), protocol);
                    if (!merged.equals(existing.protocol())) {
                        actions.add(merged);
                    }
                }
                case MetadataEntry metadata -> actions.add(new MetadataEntry(existing.metadata().id(), metadata.name(), metadata.description(), metadata.formatProvider(),
                        metadata.schemaString(), metadata.partitionColumns(), metadata.configuration(), metadata.createdTime()));
                case DomainMetadataEntry domain -> {
                    clustered |= domain.domain().equals(DomainMetadataEntry.CLUSTERING_DOMAIN);
                    actions.add(domain);
                }
                default -> throw new IllegalArgumentException("Not an action that creates a table: " + action);
            }
        }
        DomainMetadataEntry oldClustering = existing.domainMetadata().get(DomainMetadataEntry.CLUSTERING_DOMAIN);
        if (oldClustering != null && !clustered) {
            actions.add(new DomainMetadataEntry(DomainMetadataEntry.CLUSTERING_DOMAIN, oldClustering.configuration(), true));
        }
        actions.addAll(RowLevelCommits.removals(existing.activeFiles(), now));
        return actions.build();
    }
}
