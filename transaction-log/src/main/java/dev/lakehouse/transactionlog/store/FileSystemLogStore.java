package dev.lakehouse.transactionlog.store;

import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.TrinoException;

import java.io.IOException;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static java.util.Objects.requireNonNull;

/**
 * Object stores: a conditional write ({@code If-None-Match: *} on S3) through Trino's file system layer.
 */
public final class FileSystemLogStore
        implements LogStore
{
    private final TrinoFileSystem fileSystem;

    public FileSystemLogStore(TrinoFileSystem fileSystem)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
    }

    @Override
    public void createExclusive(Location location, byte[] content)
            throws IOException
    {
        try {
            fileSystem.newOutputFile(location).createExclusive(content);
        }
        catch (UnsupportedOperationException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "The file system of " + location + " cannot create files exclusively, so commits would not be safe. " +
                    "For S3 set s3.exclusive-create=true (AWS S3 and MinIO support conditional writes)", e);
        }
    }

    public static LogStore forLocation(TrinoFileSystem fileSystem, Location tableLocation)
    {
        if (LocalLogStore.isLocal(tableLocation)) {
            return new LocalLogStore();
        }
        return new FileSystemLogStore(fileSystem);
    }
}
