package dev.lakehouse.transactionlog.checkpoint;

import dev.lakehouse.transactionlog.TableSnapshot;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;

/**
 * Writes a single-file checkpoint of a snapshot: protocol, metaData, txn and add actions.
 */
public interface CheckpointWriter
{
    /**
     * @return the number of actions written
     */
    long write(TrinoFileSystem fileSystem, Location checkpointFile, TableSnapshot snapshot);
}
