package dev.lakehouse.maintenance.decide;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of maintenance work, in the order they run on one table: rewrites first (they change which files
 * exist), then statistics of what is left, then a checkpoint of the result, then vacuum of what the rewrites removed.
 */
public enum JobKind
{
    COMPACT,
    CLUSTER,
    REBUILD_STATS,
    CHECKPOINT,
    VACUUM;

    /**
     * The name in the REST API: {@code compact}, {@code cluster}, {@code rebuild_stats}, {@code checkpoint}, {@code vacuum}.
     */
    public String apiName()
    {
        return name().toLowerCase(Locale.ENGLISH);
    }

    public static Optional<JobKind> fromApiName(String name)
    {
        return Arrays.stream(values()).filter(kind -> kind.apiName().equals(name)).findFirst();
    }

    public static String apiNames()
    {
        return Arrays.stream(values()).map(JobKind::apiName).collect(Collectors.joining(", "));
    }
}
