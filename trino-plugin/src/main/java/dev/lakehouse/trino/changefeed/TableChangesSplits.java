package dev.lakehouse.trino.changefeed;

import dev.lakehouse.transactionlog.DataFilePaths;
import dev.lakehouse.transactionlog.changefeed.ChangeFeed;
import dev.lakehouse.transactionlog.changefeed.ChangeFile;
import dev.lakehouse.trino.LakehouseSplit;
import dev.lakehouse.trino.TransactionLogAccess;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplit;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;

/**
 * The splits of a {@code table_changes} call: a file per split, planned from the log alone.
 */
public final class TableChangesSplits
{
    private TableChangesSplits() {}

    public static List<ConnectorSplit> splits(ConnectorSession session, TransactionLogAccess logAccess, TableChangesHandle handle)
    {
        Location location = Location.of(handle.location());
        TrinoFileSystem fileSystem = logAccess.fileSystem(session);
        List<ChangeFile> changes = new ChangeFeed(logAccess.transactionLog(session, location))
                .changes(handle.table().toString(), handle.sinceVersion(), OptionalLong.of(handle.untilVersion()));
        return changes.stream()
                .map(change -> (ConnectorSplit) new TableChangesSplit(fileSplit(fileSystem, location, change), change.kind(), change.commitVersion(), change.commitTimestamp()))
                .toList();
    }

    private static LakehouseSplit fileSplit(TrinoFileSystem fileSystem, Location tableLocation, ChangeFile change)
    {
        Map<String, Optional<String>> partitionValues = new HashMap<>();
        change.partitionValues().forEach((key, value) -> partitionValues.put(key, Optional.ofNullable(value)));
        long size = change.size() > 0 ? change.size() : length(fileSystem, DataFilePaths.resolve(tableLocation, change.path()));
        return new LakehouseSplit(change.path(), 0, size, size, 0, partitionValues, OptionalLong.empty(), change.deletionVector(), "");
    }

    /**
     * Removes written by some engines leave out the file's size.
     */
    private static long length(TrinoFileSystem fileSystem, Location file)
    {
        try {
            return fileSystem.newInputFile(file).length();
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to read the size of changed file %s: %s".formatted(file, e.getMessage()), e);
        }
    }
}
