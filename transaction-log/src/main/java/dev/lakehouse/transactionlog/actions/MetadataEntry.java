package dev.lakehouse.transactionlog.actions;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The {@code metaData} action: schema, partitioning and table configuration.
 */
public record MetadataEntry(
        String id,
        Optional<String> name,
        Optional<String> description,
        String formatProvider,
        String schemaString,
        List<String> partitionColumns,
        Map<String, String> configuration,
        Optional<Long> createdTime)
        implements DeltaAction
{
    public static final String CHECKPOINT_INTERVAL = "delta.checkpointInterval";

    public MetadataEntry
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(formatProvider, "formatProvider is null");
        requireNonNull(schemaString, "schemaString is null");
        partitionColumns = ImmutableList.copyOf(partitionColumns);
        configuration = ImmutableMap.copyOf(configuration);
        requireNonNull(createdTime, "createdTime is null");
    }

    public MetadataEntry withSchemaString(String newSchemaString)
    {
        return new MetadataEntry(id, name, description, formatProvider, newSchemaString, partitionColumns, configuration, createdTime);
    }

    public MetadataEntry withDescription(Optional<String> newDescription)
    {
        return new MetadataEntry(id, name, newDescription, formatProvider, schemaString, partitionColumns, configuration, createdTime);
    }

    public MetadataEntry withConfiguration(Map<String, String> newConfiguration)
    {
        return new MetadataEntry(id, name, description, formatProvider, schemaString, partitionColumns, newConfiguration, createdTime);
    }

    public MetadataEntry withConfigurationValue(String key, String value)
    {
        Map<String, String> changed = new HashMap<>(configuration);
        changed.put(key, value);
        return withConfiguration(changed);
    }

    /**
     * Every how many commits writers checkpoint this table: {@code delta.checkpointInterval}, or the given default
     * when the table does not set it (or sets something that is not a positive number).
     */
    public int checkpointInterval(int defaultInterval)
    {
        try {
            return configurationValue(CHECKPOINT_INTERVAL).map(String::strip).map(Integer::parseInt).filter(interval -> interval > 0).orElse(defaultInterval);
        }
        catch (NumberFormatException e) {
            return defaultInterval;
        }
    }

    public Optional<String> configurationValue(String key)
    {
        return Optional.ofNullable(configuration.get(key));
    }
}
