package dev.lakehouse.transactionlog.store;

import io.trino.filesystem.Location;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;

/**
 * The storage primitive that makes commits safe: create a log file atomically, only if it does not exist yet.
 */
public interface LogStore
{
    /**
     * Writes the whole content to a new file at {@code location}, or nothing at all.
     *
     * @throws FileAlreadyExistsException if another writer created the file first
     */
    void createExclusive(Location location, byte[] content)
            throws IOException;
}
