package dev.lakehouse.trino;

import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.checkpoint.CheckpointReader;
import dev.lakehouse.transactionlog.checkpoint.CheckpointWriter;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.TrinoException;

import java.util.List;
import java.util.function.Consumer;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_UNSUPPORTED_FEATURE;

// TEMPORARY until the Parquet checkpoint implementation lands
final class PendingCheckpoints
        implements CheckpointReader, CheckpointWriter
{
    @Override
    public void read(TrinoFileSystem fileSystem, List<Location> parts, Consumer<DeltaAction> consumer)
    {
        throw new TrinoException(LAKEHOUSE_UNSUPPORTED_FEATURE, "Checkpoints cannot be read yet: " + parts);
    }

    @Override
    public long write(TrinoFileSystem fileSystem, Location checkpointFile, TableSnapshot snapshot)
    {
        throw new TrinoException(LAKEHOUSE_UNSUPPORTED_FEATURE, "Checkpoints cannot be written yet");
    }
}
