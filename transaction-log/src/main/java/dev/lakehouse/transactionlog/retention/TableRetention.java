package dev.lakehouse.transactionlog.retention;

import dev.lakehouse.transactionlog.actions.MetadataEntry;
import io.trino.spi.TrinoException;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INVALID_TABLE_PROPERTY;
import static java.lang.String.format;

/**
 * How long a table keeps what older versions need, from the standard Delta table properties of its {@code metaData}:
 * removed data files ({@code delta.deletedFileRetentionDuration}) and log files ({@code delta.logRetentionDuration}).
 * Values are Spark interval strings such as {@code interval 7 days} or {@code interval 1 week}.
 */
public final class TableRetention
{
    public static final String DELETED_FILE_RETENTION_PROPERTY = "delta.deletedFileRetentionDuration";
    public static final String LOG_RETENTION_PROPERTY = "delta.logRetentionDuration";
    public static final String EXPIRED_LOG_CLEANUP_PROPERTY = "delta.enableExpiredLogCleanup";
    // Delta's defaults
    public static final Duration DEFAULT_DELETED_FILE_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_LOG_RETENTION = Duration.ofDays(30);

    private TableRetention() {}

    public static Duration deletedFileRetention(MetadataEntry metadata)
    {
        return intervalProperty(metadata.configuration(), DELETED_FILE_RETENTION_PROPERTY).orElse(DEFAULT_DELETED_FILE_RETENTION);
    }

    public static Duration logRetention(MetadataEntry metadata)
    {
        return intervalProperty(metadata.configuration(), LOG_RETENTION_PROPERTY).orElse(DEFAULT_LOG_RETENTION);
    }

    public static boolean expiredLogCleanupEnabled(MetadataEntry metadata)
    {
        String value = metadata.configuration().get(EXPIRED_LOG_CLEANUP_PROPERTY);
        return value == null || !value.strip().equalsIgnoreCase("false");
    }

    public static Optional<Duration> intervalProperty(Map<String, String> configuration, String property)
    {
        String value = configuration.get(property);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parseInterval(value));
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, format("Invalid value '%s' of table property %s: %s", value, property, e.getMessage()), e);
        }
    }

    /**
     * Parses {@code [interval] <n> <unit> [<n> <unit> ...]} with units from microseconds to weeks. Months and years
     * are refused: they have no fixed length.
     */
    public static Duration parseInterval(String value)
    {
        String[] words = value.strip().toLowerCase(Locale.ENGLISH).split("\\s+");
        int first = words.length > 0 && words[0].equals("interval") ? 1 : 0;
        if (words.length == first || (words.length - first) % 2 != 0) {
            throw new IllegalArgumentException("expected an interval such as 'interval 7 days' (a number and a unit, repeated)");
        }
        Duration total = Duration.ZERO;
        for (int index = first; index < words.length; index += 2) {
            long amount;
            try {
                amount = Long.parseLong(words[index]);
            }
            catch (NumberFormatException e) {
                throw new IllegalArgumentException("'%s' is not a whole number; expected an interval such as 'interval 7 days'".formatted(words[index]));
            }
            if (amount < 0) {
                throw new IllegalArgumentException("an interval cannot be negative");
            }
            total = total.plus(unit(words[index + 1]).multipliedBy(amount));
        }
        return total;
    }

    private static Duration unit(String word)
    {
        String unit = word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
        return switch (unit) {
            case "microsecond" -> Duration.ofNanos(1000);
            case "millisecond" -> Duration.ofMillis(1);
            case "second" -> Duration.ofSeconds(1);
            case "minute" -> Duration.ofMinutes(1);
            case "hour" -> Duration.ofHours(1);
            case "day" -> Duration.ofDays(1);
            case "week" -> Duration.ofDays(7);
            default -> throw new IllegalArgumentException("unknown unit '%s'; use microseconds, milliseconds, seconds, minutes, hours, days or weeks".formatted(word));
        };
    }

    /**
     * The interval string Delta writers use for a duration, in the largest unit that divides it.
     */
    public static String formatInterval(Duration duration)
    {
        long millis = duration.toMillis();
        record Unit(String name, long millis) {}
        for (Unit unit : List.of(new Unit("weeks", 7 * 86_400_000L), new Unit("days", 86_400_000L), new Unit("hours", 3_600_000L), new Unit("minutes", 60_000L), new Unit("seconds", 1000L))) {
            if (millis > 0 && millis % unit.millis() == 0) {
                return "interval %s %s".formatted(millis / unit.millis(), unit.name());
            }
        }
        return "interval %s milliseconds".formatted(millis);
    }
}
