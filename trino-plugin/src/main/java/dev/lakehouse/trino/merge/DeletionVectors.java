package dev.lakehouse.trino.merge;

import dev.lakehouse.transactionlog.TableFeatures;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a table's DELETE, UPDATE and MERGE write deletion vectors (table property {@code deletion_vectors_enabled},
 * Delta's {@code delta.enableDeletionVectors}): the table enables them and its protocol has the feature.
 */
public final class DeletionVectors
{
    public static final String CONFIGURATION = "delta.enableDeletionVectors";

    private DeletionVectors() {}

    public static boolean enabled(ProtocolEntry protocol, MetadataEntry metadata)
    {
        return metadata.configurationValue(CONFIGURATION).map(String::strip).filter("true"::equalsIgnoreCase).isPresent()
                && protocol.writerFeatures().orElse(Set.of()).contains(TableFeatures.DELETION_VECTORS);
    }

    /**
     * The configuration with deletion vectors turned on or off.
     */
    public static Map<String, String> configuration(Map<String, String> configuration, boolean enabled)
    {
        Map<String, String> changed = new HashMap<>(configuration);
        changed.put(CONFIGURATION, String.valueOf(enabled));
        return changed;
    }

    /**
     * The protocol with the deletion vectors feature (readers must apply them): reader version 3, writer version 7.
     */
    public static ProtocolEntry protocol(ProtocolEntry protocol)
    {
        return TableFeatures.merge(protocol, new ProtocolEntry(3, 7, Optional.of(Set.of(TableFeatures.DELETION_VECTORS)), Optional.of(Set.of(TableFeatures.DELETION_VECTORS))));
    }
}
