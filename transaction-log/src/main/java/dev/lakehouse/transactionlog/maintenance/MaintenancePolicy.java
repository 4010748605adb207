package dev.lakehouse.transactionlog.maintenance;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.retention.TableRetention;
import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * A table's maintenance policy, kept in the Delta table configuration of its {@code metaData} so that every engine
 * sees it: whether the maintenance service looks after the table, on which schedule, at which file size, whether it
 * clusters (by the table's clustering columns) and when, and the standard Delta retention keys. An absent value means
 * the service-wide default.
 *
 * @param schedule a Quartz cron expression; empty for the service's evaluation interval
 * @param minUnclusteredFiles how many files written since the last clustering start the next one
 * @param stableRunFiles from how many target-size files on a clustering run is never merged again
 */
public record MaintenancePolicy(
        Optional<Boolean> enabled,
        Optional<String> schedule,
        OptionalLong targetFileSize,
        Optional<Boolean> clustering,
        OptionalInt minUnclusteredFiles,
        OptionalInt stableRunFiles,
        Optional<Duration> deletedFileRetention,
        Optional<Duration> logRetention)
{
    public static final String ENABLED = "lakehouse.maintenance.enabled";
    public static final String SCHEDULE = "lakehouse.maintenance.schedule";
    public static final String TARGET_FILE_SIZE = "lakehouse.maintenance.target-file-size";
    public static final String CLUSTERING = "lakehouse.maintenance.clustering";
    public static final String MIN_UNCLUSTERED_FILES = "lakehouse.maintenance.clustering.min-unclustered-files";
    public static final String STABLE_RUN_FILES = "lakehouse.maintenance.clustering.stable-run-files";
    public static final List<String> KEYS = ImmutableList.of(ENABLED, SCHEDULE, TARGET_FILE_SIZE, CLUSTERING, MIN_UNCLUSTERED_FILES, STABLE_RUN_FILES,
            TableRetention.DELETED_FILE_RETENTION_PROPERTY, TableRetention.LOG_RETENTION_PROPERTY);
    // below one megabyte a data file is mostly footer; the writers refuse such targets too
    private static final long MIN_TARGET_FILE_SIZE = 1024 * 1024;

    public MaintenancePolicy
    {
        requireNonNull(enabled, "enabled is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(targetFileSize, "targetFileSize is null");
        requireNonNull(clustering, "clustering is null");
        requireNonNull(minUnclusteredFiles, "minUnclusteredFiles is null");
        requireNonNull(stableRunFiles, "stableRunFiles is null");
        requireNonNull(deletedFileRetention, "deletedFileRetention is null");
        requireNonNull(logRetention, "logRetention is null");
    }

    /**
     * A policy and the problems of the values it could not use (those fall back to the defaults).
     */
    public record Parsed(MaintenancePolicy policy, List<String> problems)
    {
        public Parsed
        {
            requireNonNull(policy, "policy is null");
            problems = ImmutableList.copyOf(problems);
        }
    }

    public static Parsed parse(Map<String, String> configuration)
    {
        ImmutableList.Builder<String> problems = ImmutableList.builder();
        MaintenancePolicy policy = new MaintenancePolicy(
                value(configuration, ENABLED, MaintenancePolicy::parseBoolean, problems),
                value(configuration, SCHEDULE, MaintenancePolicy::parseSchedule, problems),
                value(configuration, TARGET_FILE_SIZE, MaintenancePolicy::parseTargetFileSize, problems).map(OptionalLong::of).orElse(OptionalLong.empty()),
                value(configuration, CLUSTERING, MaintenancePolicy::parseBoolean, problems),
                value(configuration, MIN_UNCLUSTERED_FILES, MaintenancePolicy::parseFileCount, problems).map(OptionalInt::of).orElse(OptionalInt.empty()),
                value(configuration, STABLE_RUN_FILES, MaintenancePolicy::parseFileCount, problems).map(OptionalInt::of).orElse(OptionalInt.empty()),
                value(configuration, TableRetention.DELETED_FILE_RETENTION_PROPERTY, TableRetention::parseInterval, problems),
                value(configuration, TableRetention.LOG_RETENTION_PROPERTY, TableRetention::parseInterval, problems));
        return new Parsed(policy, problems.build());
    }

    /**
     * Checks one value of one of the {@link #KEYS} as {@link #parse} reads it.
     *
     * @throws IllegalArgumentException saying what is expected instead
     */
    public static void validate(String key, String value)
    {
        switch (key) {
            case ENABLED, CLUSTERING -> parseBoolean(value);
            case SCHEDULE -> parseSchedule(value);
            case TARGET_FILE_SIZE -> parseTargetFileSize(value);
            case MIN_UNCLUSTERED_FILES, STABLE_RUN_FILES -> parseFileCount(value);
            case TableRetention.DELETED_FILE_RETENTION_PROPERTY, TableRetention.LOG_RETENTION_PROPERTY -> TableRetention.parseInterval(value);
            default -> throw new IllegalArgumentException("not a maintenance property: " + key);
        }
    }

    private static <T> Optional<T> value(Map<String, String> configuration, String key, Function<String, T> parser, ImmutableList.Builder<String> problems)
    {
        String value = configuration.get(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(value));
        }
        catch (IllegalArgumentException e) {
            problems.add("Invalid value '%s' of table property %s: %s".formatted(value, key, e.getMessage()));
            return Optional.empty();
        }
    }

    private static boolean parseBoolean(String value)
    {
        return switch (value.strip().toLowerCase(Locale.ENGLISH)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    private static String parseSchedule(String value)
    {
        try {
            CronExpression.validateExpression(value);
            return value;
        }
        catch (ParseException e) {
            throw new IllegalArgumentException("not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year], e.g. '0 0 2 * * ?'): " + e.getMessage());
        }
    }

    private static long parseTargetFileSize(String value)
    {
        long bytes;
        try {
            bytes = Long.parseLong(value.strip());
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number of bytes");
        }
        if (bytes < MIN_TARGET_FILE_SIZE) {
            throw new IllegalArgumentException("a target file size must be at least 1MB (%s bytes)".formatted(MIN_TARGET_FILE_SIZE));
        }
        return bytes;
    }

    private static int parseFileCount(String value)
    {
        int files;
        try {
            files = Integer.parseInt(value.strip());
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number of files");
        }
        if (files < 1) {
            throw new IllegalArgumentException("a number of files must be at least 1");
        }
        return files;
    }
}
