package dev.lakehouse.transactionlog;

import io.trino.filesystem.Location;

import java.util.Locale;
import java.util.Optional;

/**
 * A storage path in one canonical spelling, so that a file named by the log (relative, URL-encoded, or an absolute
 * URI written by another engine) and the same file found by listing storage compare equal: lower-case scheme and
 * host ({@code local} and {@code file} are one scheme), no empty path segments, no {@code .} segments; the path itself is already decoded by {@link Location}.
 */
public record NormalizedPath(String value)
{
    public static NormalizedPath of(Location location)
    {
        String scheme = location.scheme().orElse("file").toLowerCase(Locale.ENGLISH);
        // Trino's local file system answers file:// locations with local:// ones
        if (scheme.equals("local")) {
            scheme = "file";
        }
        String host = location.host().map(name -> name.toLowerCase(Locale.ENGLISH)).orElse("");
        String port = location.port().isPresent() ? ":" + location.port().getAsInt() : "";
        StringBuilder path = new StringBuilder();
        for (String segment : location.path().split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            path.append('/').append(segment);
        }
        return new NormalizedPath(scheme + "://" + host + port + path);
    }

    /**
     * The path of this file below {@code folder}, or empty when it is not inside it.
     */
    public Optional<String> relativeTo(NormalizedPath folder)
    {
        String prefix = folder.value + "/";
        return value.startsWith(prefix) ? Optional.of(value.substring(prefix.length())) : Optional.empty();
    }
}
