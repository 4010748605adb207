package dev.lakehouse.trino;

import dev.lakehouse.transactionlog.TableFeatures;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.trino.merge.DeletionVectors;
import dev.lakehouse.trino.schema.TypeWidening;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A boolean table property that turns on a Delta table feature: its value is
 * kept in a configuration key of the log, and turning it on adds the feature to the protocol (turning it off leaves
 * the protocol as it is, as Delta does).
 */
public enum FeatureFlag
{
    DELETION_VECTORS(LakehouseTableProperties.DELETION_VECTORS_ENABLED, DeletionVectors.CONFIGURATION, protocol -> TableFeatures.withReaderWriterFeature(protocol, TableFeatures.DELETION_VECTORS)),
    TYPE_WIDENING(LakehouseTableProperties.TYPE_WIDENING_ENABLED, TypeWidening.CONFIGURATION, protocol -> TableFeatures.withReaderWriterFeature(protocol, TableFeatures.TYPE_WIDENING)),
    // only writers must know: readers of the table's data ignore change files
    CHANGE_DATA_FEED(LakehouseTableProperties.CHANGE_DATA_FEED_ENABLED, TableFeatures.CHANGE_DATA_FEED_CONFIGURATION, TableFeatures::withChangeDataFeed);

    private final String property;
    private final String configuration;
    private final UnaryOperator<ProtocolEntry> withFeature;

    FeatureFlag(String property, String configuration, UnaryOperator<ProtocolEntry> withFeature)
    {
        this.property = property;
        this.configuration = configuration;
        this.withFeature = withFeature;
    }

    String property()
    {
        return property;
    }

    /**
     * Whether a new table's properties turn the feature on.
     */
    public boolean isSet(Map<String, Object> properties)
    {
        return (Boolean) properties.getOrDefault(property, false);
    }

    public MetadataEntry configure(MetadataEntry metadata, boolean enabled)
    {
        return metadata.withConfigurationValue(configuration, String.valueOf(enabled));
    }

    public ProtocolEntry protocol(ProtocolEntry protocol, boolean enabled)
    {
        return enabled ? withFeature.apply(protocol) : protocol;
    }
}
