package dev.lakehouse.trino.merge;

import dev.lakehouse.transactionlog.TableFeatures;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;

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
}
