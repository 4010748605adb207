package dev.lakehouse.transactionlog.checkpoint;

import dev.lakehouse.transactionlog.actions.DeltaAction;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;

import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the actions a checkpoint holds (all its parts), in any order: replay treats them as one set.
 */
public interface CheckpointReader
{
    void read(TrinoFileSystem fileSystem, List<Location> parts, Consumer<DeltaAction> consumer);
}
