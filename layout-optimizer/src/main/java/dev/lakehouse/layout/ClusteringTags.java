package dev.lakehouse.layout;

import com.google.common.collect.ImmutableMap;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * The {@code add} action tags with which a clustering rewrite marks the files it writes, and the test
 * whether a file carries them.
 *
 * <p>Why tags: the Delta log keeps them with each file, other writers copy or drop them but never invent
 * them, and a file rewritten by anyone else (an INSERT, a MERGE, another engine's OPTIMIZE) comes without
 * them. So "tagged for these columns and this curve" reliably means "written sorted by this very key". A
 * file tagged for other columns or another curve was sorted by another key and counts as unclustered.
 *
 * <p>The columns are written as a JSON array of strings ({@link #encodeColumns}), since Delta column names
 * may contain commas. Files are matched by comparing that text exactly, so a reader needs no JSON parser;
 * the only writer is our rewrite runner, through {@link #of}.
 */
public final class ClusteringTags
{
    /** The {@code clusteringProvider} of the files this project's clustering runs write into clustered tables. */
    public static final String PROVIDER = "lakehouse";
    /** The curve, in lower case: {@code hilbert}, {@code zorder} or {@code linear}. */
    public static final String CURVE = "lakehouse.clustering.curve";
    /** The clustering columns, in order, as a JSON array of strings, e.g. {@code ["a","b"]}. */
    public static final String COLUMNS = "lakehouse.clustering.columns";
    /** The id of the clustering run that wrote the file; the files of one run were sorted together. */
    public static final String RUN = "lakehouse.clustering.run";

    private ClusteringTags() {}

    /** The tags of a file written by clustering run {@code runId} on {@code columns} along {@code curve}. */
    public static Map<String, String> of(List<String> columns, CurveKind curve, String runId)
    {
        requireNonNull(curve, "curve is null");
        requireNonNull(runId, "runId is null");
        checkArgument(!runId.isEmpty(), "runId is empty");
        return ImmutableMap.of(
                CURVE, curveName(curve),
                COLUMNS, encodeColumns(columns),
                RUN, runId);
    }

    /** Whether {@code tags} mark a file written by a clustering run on exactly {@code columns} along {@code curve}. */
    public static boolean isClustered(Map<String, String> tags, List<String> columns, CurveKind curve)
    {
        requireNonNull(curve, "curve is null");
        return curveName(curve).equals(tags.get(CURVE)) && isClustered(tags, columns);
    }

    /** Whether {@code tags} mark a file written by a clustering run on exactly {@code columns}, along any curve. */
    public static boolean isClustered(Map<String, String> tags, List<String> columns)
    {
        requireNonNull(tags, "tags is null");
        return tags.containsKey(CURVE) && encodeColumns(columns).equals(tags.get(COLUMNS)) && runId(tags).isPresent();
    }

    /** The clustering run that wrote a file, if its tags name one. */
    public static Optional<String> runId(Map<String, String> tags)
    {
        requireNonNull(tags, "tags is null");
        return Optional.ofNullable(tags.get(RUN)).filter(run -> !run.isEmpty());
    }

    public static String curveName(CurveKind curve)
    {
        return curve.name().toLowerCase(Locale.ENGLISH);
    }

    /** {@code columns} as a compact JSON array of strings: {@code ["a","b \"c\""]}. */
    public static String encodeColumns(List<String> columns)
    {
        requireNonNull(columns, "columns is null");
        StringBuilder json = new StringBuilder("[");
        for (String column : columns) {
            requireNonNull(column, "column is null");
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"');
            for (int i = 0; i < column.length(); i++) {
                char character = column.charAt(i);
                switch (character) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    case '\n' -> json.append("\\n");
                    case '\r' -> json.append("\\r");
                    case '\t' -> json.append("\\t");
                    default -> {
                        if (character < 0x20) {
                            json.append("\\u%04x".formatted((int) character));
                        }
                        else {
                            json.append(character);
                        }
                    }
                }
            }
            json.append('"');
        }
        return json.append(']').toString();
    }
}
