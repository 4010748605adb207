package dev.lakehouse.transactionlog;

import io.trino.filesystem.Location;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URISyntaxException;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Paths of data files in {@code add}/{@code remove} actions are URIs: relative to the table root, or absolute.
 */
public final class DataFilePaths
{
    private DataFilePaths() {}

    public static Location resolve(Location tableLocation, String path)
    {
        URI uri;
        try {
            uri = new URI(path);
        }
        catch (Exception e) {
            // other writers sometimes leave raw characters in paths: take them literally
            return tableLocation.appendPath(path);
        }
        if (uri.isAbsolute()) {
            String scheme = uri.getScheme();
            String decoded = uri.getPath();
            if (scheme.equals("file")) {
                return Location.of("file://" + decoded);
            }
            return Location.of(scheme + "://" + (uri.getRawAuthority() == null ? "" : uri.getAuthority()) + decoded);
        }
        return tableLocation.appendPath(uri.getPath());
    }

    /**
     * The URI to write in the log for a file inside the table, given its path relative to the table root.
     */
    public static String toRelativeUri(String relativePath)
    {
        try {
            return new URI(null, null, relativePath, null).getRawPath();
        }
        catch (URISyntaxException e) {
            throw new IllegalArgumentException("Cannot encode data file path: " + relativePath, e);
        }
    }

    public static String decode(String value)
    {
        return URLDecoder.decode(value.replace("+", "%2B"), UTF_8);
    }
}
