package dev.lakehouse.transactionlog;

import io.trino.filesystem.Location;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.lang.Integer.parseInt;
import static java.lang.Long.parseLong;
import static java.util.Objects.requireNonNull;

/**
 * A file of {@code _delta_log/} that log replay cares about: a commit or (a part of) a checkpoint.
 */
public record LogFile(Location location, long version, Kind kind, OptionalInt part, OptionalInt parts, long size, long modificationTime)
{
    public enum Kind
    {
        COMMIT,
        CLASSIC_CHECKPOINT,
        MULTI_PART_CHECKPOINT,
        V2_CHECKPOINT,
    }

    private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");
    private static final Pattern CLASSIC_CHECKPOINT = Pattern.compile("(\\d{20})\\.checkpoint\\.parquet");
    private static final Pattern MULTI_PART_CHECKPOINT = Pattern.compile("(\\d{20})\\.checkpoint\\.(\\d{10})\\.(\\d{10})\\.parquet");
    private static final Pattern V2_CHECKPOINT = Pattern.compile("(\\d{20})\\.checkpoint\\.[0-9a-fA-F-]{36}\\.(json|parquet)");

    public LogFile
    {
        requireNonNull(location, "location is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(part, "part is null");
        requireNonNull(parts, "parts is null");
    }

    public static Optional<LogFile> parse(Location location, long size, long modificationTime)
    {
        String name = location.fileName();
        Matcher matcher = COMMIT.matcher(name);
        if (matcher.matches()) {
            return Optional.of(new LogFile(location, parseLong(matcher.group(1)), Kind.COMMIT, OptionalInt.empty(), OptionalInt.empty(), size, modificationTime));
        }
        matcher = CLASSIC_CHECKPOINT.matcher(name);
        if (matcher.matches()) {
            return Optional.of(new LogFile(location, parseLong(matcher.group(1)), Kind.CLASSIC_CHECKPOINT, OptionalInt.empty(), OptionalInt.empty(), size, modificationTime));
        }
        matcher = MULTI_PART_CHECKPOINT.matcher(name);
        if (matcher.matches()) {
            return Optional.of(new LogFile(location, parseLong(matcher.group(1)), Kind.MULTI_PART_CHECKPOINT, OptionalInt.of(parseInt(matcher.group(2))), OptionalInt.of(parseInt(matcher.group(3))), size, modificationTime));
        }
        matcher = V2_CHECKPOINT.matcher(name);
        if (matcher.matches()) {
            return Optional.of(new LogFile(location, parseLong(matcher.group(1)), Kind.V2_CHECKPOINT, OptionalInt.empty(), OptionalInt.empty(), size, modificationTime));
        }
        return Optional.empty();
    }

    public static String commitFileName(long version)
    {
        return "%020d.json".formatted(version);
    }

    public static String checkpointFileName(long version)
    {
        return "%020d.checkpoint.parquet".formatted(version);
    }

    public boolean isCheckpoint()
    {
        return kind != Kind.COMMIT;
    }
}
