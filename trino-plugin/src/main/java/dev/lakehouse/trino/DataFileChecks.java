package dev.lakehouse.trino;

import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.TrinoException;

import java.io.IOException;
import java.util.function.Supplier;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_MISSING_DATA_FILE;

/**
 * Checks that a data file an old version names is still there before a new version names it again (restore, clone):
 * vacuum may have deleted it, and a commit naming a missing file would make the table unreadable.
 */
public final class DataFileChecks
{
    private DataFileChecks() {}

    public static void requireExists(TrinoFileSystem fileSystem, Location file, Supplier<String> missingMessage)
    {
        try {
            if (!fileSystem.newInputFile(file).exists()) {
                throw new TrinoException(LAKEHOUSE_MISSING_DATA_FILE, missingMessage.get());
            }
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to check data file %s: %s".formatted(file, e.getMessage()), e);
        }
    }
}
