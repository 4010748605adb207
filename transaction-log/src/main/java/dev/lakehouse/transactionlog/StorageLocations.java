package dev.lakehouse.transactionlog;

import com.google.common.collect.ImmutableList;
import io.trino.filesystem.FileEntry;
import io.trino.filesystem.FileIterator;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.TrinoException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;

/**
 * Locations as users write them in configuration and procedures, and looking up and listing files at them.
 */
public final class StorageLocations
{
    private static final Pattern WITH_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:/.*");

    private StorageLocations() {}

    /**
     * A URI ({@code s3://bucket/prefix}, {@code file:///path}) is used as it is; a plain path is a local folder,
     * a relative one resolved against the working directory.
     */
    public static Location fromUserValue(String value)
    {
        String trimmed = value.strip();
        if (WITH_SCHEME.matcher(trimmed).matches()) {
            return Location.of(trimmed);
        }
        return Location.of("file://" + Path.of(trimmed).toAbsolutePath().normalize());
    }

    /**
     * Whether a file exists at {@code location}: one metadata call.
     */
    public static boolean fileExists(TrinoFileSystem fileSystem, Location location)
    {
        try {
            return fileSystem.newInputFile(location).exists();
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to look for %s: %s".formatted(location, e.getMessage()), e);
        }
    }

    /**
     * Every file below {@code location}, at any depth.
     *
     * @param purpose what the listing is for, for the error message
     */
    public static List<FileEntry> listFiles(TrinoFileSystem fileSystem, Location location, String purpose)
    {
        ImmutableList.Builder<FileEntry> files = ImmutableList.builder();
        try {
            FileIterator iterator = fileSystem.listFiles(location);
            while (iterator.hasNext()) {
                files.add(iterator.next());
            }
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to list %s for %s: %s".formatted(location, purpose, e.getMessage()), e);
        }
        return files.build();
    }
}
