package dev.lakehouse.trino;

import dev.lakehouse.transactionlog.TableFeatures;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.trino.merge.DeletionVectors;
import dev.lakehouse.trino.schema.TypeWidening;

import java.util.Map;

/**
 * A boolean table property that turns on a Delta table feature readers and writers must both support: its value is
 * kept in a configuration key of the log, and turning it on adds the feature to the protocol (turning it off leaves
 * the protocol as it is, as Delta does).
 */
enum FeatureFlag
{
    DELETION_VECTORS(LakehouseTableProperties.DELETION_VECTORS_ENABLED, DeletionVectors.CONFIGURATION, TableFeatures.DELETION_VECTORS),
    TYPE_WIDENING(LakehouseTableProperties.TYPE_WIDENING_ENABLED, TypeWidening.CONFIGURATION, TableFeatures.TYPE_WIDENING);

    private final String property;
    private final String configuration;
    private final String feature;

    FeatureFlag(String property, String configuration, String feature)
    {
        this.property = property;
        this.configuration = configuration;
        this.feature = feature;
    }

    String property()
    {
        return property;
    }

    /**
     * Whether a new table's properties turn the feature on.
     */
    boolean isSet(Map<String, Object> properties)
    {
        return (Boolean) properties.getOrDefault(property, false);
    }

    MetadataEntry configure(MetadataEntry metadata, boolean enabled)
    {
        return metadata.withConfigurationValue(configuration, String.valueOf(enabled));
    }

    ProtocolEntry protocol(ProtocolEntry protocol, boolean enabled)
    {
        return enabled ? TableFeatures.withReaderWriterFeature(protocol, feature) : protocol;
    }
}
