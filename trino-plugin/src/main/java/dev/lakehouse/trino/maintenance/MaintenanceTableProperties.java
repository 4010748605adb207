package dev.lakehouse.trino.maintenance;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.maintenance.MaintenancePolicy;
import dev.lakehouse.transactionlog.retention.TableRetention;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import io.trino.spi.TrinoException;
import io.trino.spi.session.PropertyMetadata;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INVALID_TABLE_PROPERTY;
import static io.trino.spi.session.PropertyMetadata.booleanProperty;
import static io.trino.spi.session.PropertyMetadata.integerProperty;
import static io.trino.spi.session.PropertyMetadata.stringProperty;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * The table properties of a table's maintenance policy ({@link MaintenancePolicy}), set with {@code CREATE TABLE ...
 * WITH} or {@code ALTER TABLE ... SET PROPERTIES} and kept in the Delta table configuration, where the maintenance
 * service (and any engine) reads them. Setting a property to {@code DEFAULT} removes it: the service default applies.
 */
public final class MaintenanceTableProperties
{
    public static final String MAINTENANCE_ENABLED = "maintenance_enabled";
    public static final String MAINTENANCE_SCHEDULE = "maintenance_schedule";
    public static final String MAINTENANCE_TARGET_FILE_SIZE = "maintenance_target_file_size";
    public static final String MAINTENANCE_CLUSTERING = "maintenance_clustering";
    public static final String MAINTENANCE_MIN_UNCLUSTERED_FILES = "maintenance_min_unclustered_files";
    public static final String MAINTENANCE_STABLE_RUN_FILES = "maintenance_stable_run_files";
    public static final String DELETED_FILE_RETENTION = "deleted_file_retention";
    public static final String LOG_RETENTION = "log_retention";

    /**
     * How one table property maps to its configuration key, in both directions.
     */
    private record Mapping(String key, Function<Object, String> toConfiguration, Function<String, Object> fromConfiguration) {}

    private static final Map<String, Mapping> MAPPINGS = ImmutableMap.<String, Mapping>builder()
            .put(MAINTENANCE_ENABLED, new Mapping(MaintenancePolicy.ENABLED, String::valueOf, Boolean::parseBoolean))
            .put(MAINTENANCE_SCHEDULE, new Mapping(MaintenancePolicy.SCHEDULE, String.class::cast, value -> value))
            .put(MAINTENANCE_TARGET_FILE_SIZE, new Mapping(MaintenancePolicy.TARGET_FILE_SIZE,
                    value -> String.valueOf(dataSize(MAINTENANCE_TARGET_FILE_SIZE, (String) value).toBytes()),
                    value -> DataSize.ofBytes(Long.parseLong(value)).succinct().toString()))
            .put(MAINTENANCE_CLUSTERING, new Mapping(MaintenancePolicy.CLUSTERING, String::valueOf, Boolean::parseBoolean))
            .put(MAINTENANCE_MIN_UNCLUSTERED_FILES, new Mapping(MaintenancePolicy.MIN_UNCLUSTERED_FILES, String::valueOf, Integer::parseInt))
            .put(MAINTENANCE_STABLE_RUN_FILES, new Mapping(MaintenancePolicy.STABLE_RUN_FILES, String::valueOf, Integer::parseInt))
            .put(DELETED_FILE_RETENTION, new Mapping(TableRetention.DELETED_FILE_RETENTION_PROPERTY, value -> interval(DELETED_FILE_RETENTION, (String) value), MaintenanceTableProperties::succinct))
            .put(LOG_RETENTION, new Mapping(TableRetention.LOG_RETENTION_PROPERTY, value -> interval(LOG_RETENTION, (String) value), MaintenanceTableProperties::succinct))
            .buildOrThrow();

    private MaintenanceTableProperties() {}

    public static List<PropertyMetadata<?>> properties()
    {
        return ImmutableList.of(
                booleanProperty(MAINTENANCE_ENABLED, "Whether the maintenance service looks after this table (default: the service's setting, on)", null, false),
                stringProperty(MAINTENANCE_SCHEDULE, "Quartz cron expression of when the maintenance service evaluates this table (default: its evaluation interval)", null, false),
                stringProperty(MAINTENANCE_TARGET_FILE_SIZE, "Size the maintenance service compacts files to, e.g. '128MB' (default: the service's)", null, false),
                booleanProperty(MAINTENANCE_CLUSTERING, "Whether the maintenance service clusters the table by clustered_by (default: on when clustered_by is set)", null, false),
                integerProperty(MAINTENANCE_MIN_UNCLUSTERED_FILES, "How many files written since the last clustering start the next one: fewer, faster queries and more rewrites (default: the service's, 50)", null, false),
                integerProperty(MAINTENANCE_STABLE_RUN_FILES, "From how many target-size files on a clustering run is never merged again: fewer, fewer rewrites and more runs for a query to read (default: the service's, 100)", null, false),
                stringProperty(DELETED_FILE_RETENTION, "How long removed files stay for time travel before vacuum may delete them, e.g. '7d' (delta.deletedFileRetentionDuration)", null, false),
                stringProperty(LOG_RETENTION, "How long log files stay before log cleanup removes them, e.g. '30d' (delta.logRetentionDuration)", null, false));
    }

    public static boolean isMaintenanceProperty(String name)
    {
        return MAPPINGS.containsKey(name);
    }

    /**
     * The table configuration of new table properties given to {@code CREATE TABLE}.
     */
    public static Map<String, String> configuration(Map<String, Object> properties)
    {
        ImmutableMap.Builder<String, String> configuration = ImmutableMap.builder();
        MAPPINGS.forEach((name, mapping) -> {
            Object value = properties.get(name);
            if (value != null) {
                configuration.put(mapping.key(), validated(name, mapping, value));
            }
        });
        return configuration.buildOrThrow();
    }

    /**
     * The configuration after {@code ALTER TABLE ... SET PROPERTIES}: a property set to a value replaces its key, one
     * set to {@code DEFAULT} removes it.
     */
    public static Map<String, String> updatedConfiguration(Map<String, String> configuration, Map<String, Optional<Object>> changes)
    {
        Map<String, String> updated = new HashMap<>(configuration);
        changes.forEach((name, value) -> {
            Mapping mapping = MAPPINGS.get(name);
            if (mapping == null) {
                return;
            }
            if (value.isEmpty()) {
                updated.remove(mapping.key());
            }
            else {
                updated.put(mapping.key(), validated(name, mapping, value.get()));
            }
        });
        return ImmutableMap.copyOf(updated);
    }

    /**
     * The maintenance properties a table has set, for {@code SHOW CREATE TABLE}; values it cannot read are left out
     * (the maintenance service reports them).
     */
    public static Map<String, Object> tableProperties(MetadataEntry metadata)
    {
        ImmutableMap.Builder<String, Object> properties = ImmutableMap.builder();
        MAPPINGS.forEach((name, mapping) -> metadata.configurationValue(mapping.key()).ifPresent(value -> {
            try {
                MaintenancePolicy.validate(mapping.key(), value);
                properties.put(name, mapping.fromConfiguration().apply(value));
            }
            catch (IllegalArgumentException _) {
                // shown by the maintenance service's problems of the table
            }
        }));
        return properties.buildOrThrow();
    }

    private static String validated(String property, Mapping mapping, Object value)
    {
        String configured = mapping.toConfiguration().apply(value);
        try {
            MaintenancePolicy.validate(mapping.key(), configured);
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Invalid value '%s' of table property %s: %s".formatted(value, property, e.getMessage()), e);
        }
        return configured;
    }

    private static DataSize dataSize(String property, String value)
    {
        try {
            return DataSize.valueOf(value.strip());
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Invalid value '%s' of table property %s: expected a size such as '128MB' or '1GB'".formatted(value, property), e);
        }
    }

    private static String interval(String property, String value)
    {
        try {
            return TableRetention.formatInterval(java.time.Duration.ofMillis(Duration.valueOf(value.strip()).toMillis()));
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Invalid value '%s' of table property %s: expected a duration such as '7d', '36h' or '90m'".formatted(value, property), e);
        }
    }

    private static Object succinct(String interval)
    {
        return Duration.succinctDuration(TableRetention.parseInterval(interval).toMillis(), MILLISECONDS).toString();
    }
}
