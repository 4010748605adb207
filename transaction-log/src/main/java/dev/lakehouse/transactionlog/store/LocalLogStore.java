package dev.lakehouse.transactionlog.store;

import io.trino.filesystem.Location;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Local disks: the content goes to a hidden temporary file, which is then hard-linked to the target name.
 * {@code link(2)} fails if the target exists, so exactly one concurrent writer wins, and readers never
 * see a half-written file.
 */
public final class LocalLogStore
        implements LogStore
{
    @Override
    public void createExclusive(Location location, byte[] content)
            throws IOException
    {
        Path target = toPath(location);
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.write(temporary, content);
        try {
            Files.createLink(target, temporary);
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }

    public static boolean isLocal(Location location)
    {
        return location.scheme().map(scheme -> scheme.equals("file") || scheme.equals("local")).orElse(true);
    }

    private static Path toPath(Location location)
    {
        checkArgument(isLocal(location), "not a local location: %s", location);
        String path = location.path();
        return Path.of(path.startsWith("/") ? path : "/" + path);
    }
}
