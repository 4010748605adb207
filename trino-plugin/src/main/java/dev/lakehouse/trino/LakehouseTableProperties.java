package dev.lakehouse.trino;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.schema.ColumnMappingMode;
import dev.lakehouse.trino.maintenance.MaintenanceTableProperties;
import io.trino.spi.TrinoException;
import io.trino.spi.session.PropertyMetadata;
import io.trino.spi.type.ArrayType;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INVALID_TABLE_PROPERTY;
import static io.trino.spi.session.PropertyMetadata.booleanProperty;
import static io.trino.spi.session.PropertyMetadata.integerProperty;
import static io.trino.spi.session.PropertyMetadata.stringProperty;
import static io.trino.spi.type.VarcharType.VARCHAR;

public final class LakehouseTableProperties
{
    public static final String LOCATION = "location";
    public static final String PARTITIONED_BY = "partitioned_by";
    public static final String CHECKPOINT_INTERVAL = "checkpoint_interval";
    public static final String CLUSTERED_BY = "clustered_by";
    public static final String COLUMN_MAPPING_MODE = "column_mapping_mode";
    public static final String DELETION_VECTORS_ENABLED = "deletion_vectors_enabled";
    public static final String TYPE_WIDENING_ENABLED = "type_widening_enabled";
    public static final String CHANGE_DATA_FEED_ENABLED = "change_data_feed_enabled";
    /** The Delta table configuration key that other engines use for the same setting. */
    public static final String CHECKPOINT_INTERVAL_CONFIGURATION = MetadataEntry.CHECKPOINT_INTERVAL;

    private final List<PropertyMetadata<?>> tableProperties;

    @Inject
    public LakehouseTableProperties(LakehouseConfig config)
    {
        tableProperties = ImmutableList.<PropertyMetadata<?>>builder().add(
                stringProperty(LOCATION, "Folder or URI of the table; defaults to <warehouse>/<schema>/<table>", null, false),
                columnNamesProperty(PARTITIONED_BY, "Partition columns"),
                columnNamesProperty(CLUSTERED_BY, "Columns that ALTER TABLE ... EXECUTE cluster sorts rows by, along a Hilbert curve (Delta liquid clustering columns)"),
                integerProperty(CHECKPOINT_INTERVAL, "Write a checkpoint every this many commits", null, value -> {
                    if (value != null && value < 1) {
                        throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "checkpoint_interval must be a positive number of commits, but was " + value);
                    }
                }, false),
                new PropertyMetadata<>(
                        COLUMN_MAPPING_MODE,
                        "How columns find their data in the files: none, name or id (Delta column mapping; name or id lets columns be renamed and dropped)",
                        VARCHAR,
                        ColumnMappingMode.class,
                        config.getDefaultColumnMappingMode(),
                        false,
                        LakehouseTableProperties::columnMappingMode,
                        ColumnMappingMode::value),
                booleanProperty(DELETION_VECTORS_ENABLED, "DELETE, UPDATE and MERGE mark deleted rows in deletion vectors instead of rewriting data files (Delta deletion vectors)", false, false),
                booleanProperty(CHANGE_DATA_FEED_ENABLED, "Every write records the rows it changes, for TABLE(system.table_changes(...)) (Delta change data feed)", false, false),
                booleanProperty(TYPE_WIDENING_ENABLED, "ALTER COLUMN ... SET DATA TYPE may widen column types without rewriting data (Delta type widening)", config.isDefaultTypeWideningEnabled(), false))
                .addAll(MaintenanceTableProperties.properties())
                .build();
    }

    /**
     * A property holding a list of column names, lower-cased as Trino names columns; empty by default.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static PropertyMetadata<List<String>> columnNamesProperty(String name, String description)
    {
        return new PropertyMetadata<List<String>>(
                name,
                description,
                new ArrayType(VARCHAR),
                (Class<List<String>>) (Class) List.class,
                ImmutableList.of(),
                false,
                value -> ((List<?>) value).stream().map(column -> ((String) column).toLowerCase(Locale.ENGLISH)).collect(ImmutableList.toImmutableList()),
                value -> value);
    }

    public List<PropertyMetadata<?>> getTableProperties()
    {
        return tableProperties;
    }

    public static Optional<String> getLocation(Map<String, Object> properties)
    {
        return Optional.ofNullable((String) properties.get(LOCATION));
    }

    @SuppressWarnings("unchecked")
    public static List<String> getPartitionedBy(Map<String, Object> properties)
    {
        List<String> partitionedBy = (List<String>) properties.get(PARTITIONED_BY);
        return partitionedBy == null ? ImmutableList.of() : partitionedBy;
    }

    @SuppressWarnings("unchecked")
    public static List<String> getClusteredBy(Map<String, Object> properties)
    {
        List<String> clusteredBy = (List<String>) properties.get(CLUSTERED_BY);
        return clusteredBy == null ? ImmutableList.of() : clusteredBy;
    }

    /**
     * The checkpoint interval a table's commits use: its {@code delta.checkpointInterval}, or the catalog's default.
     */
    public static int checkpointInterval(MetadataEntry metadata, int defaultCheckpointInterval)
    {
        return metadata.checkpointInterval(defaultCheckpointInterval);
    }

    private static ColumnMappingMode columnMappingMode(Object value)
    {
        try {
            return ColumnMappingMode.parse((String) value, COLUMN_MAPPING_MODE);
        }
        catch (TrinoException e) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, e.getMessage(), e);
        }
    }

    public static ColumnMappingMode getColumnMappingMode(Map<String, Object> properties)
    {
        return (ColumnMappingMode) properties.getOrDefault(COLUMN_MAPPING_MODE, ColumnMappingMode.NONE);
    }

    public static Optional<Integer> getCheckpointInterval(Map<String, Object> properties)
    {
        return Optional.ofNullable((Integer) properties.get(CHECKPOINT_INTERVAL));
    }
}
