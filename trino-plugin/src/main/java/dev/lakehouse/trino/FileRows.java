package dev.lakehouse.trino;

import dev.lakehouse.stats.StatisticsJson;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;

import java.util.Map;
import java.util.Optional;

/**
 * How many rows of a data file a reader sees, from the log alone: its statistics' {@code numRecords}, which count
 * every row written, less the rows its deletion vector deletes.
 */
public final class FileRows
{
    private FileRows() {}

    /**
     * Every row written to the file, deleted ones included (its {@code numRecords}).
     */
    public static Optional<Long> physical(AddFileEntry file)
    {
        return StatisticsJson.parse(file.stats(), Map.of()).numRecords();
    }

    public static Optional<Long> visible(AddFileEntry file)
    {
        return visible(file, StatisticsJson.parse(file.stats(), Map.of()).numRecords());
    }

    /**
     * @param numRecords the file's {@code numRecords}, already parsed from its statistics
     */
    public static Optional<Long> visible(AddFileEntry file, Optional<Long> numRecords)
    {
        return numRecords.map(rows -> rows - file.deletionVector().map(DeletionVectorDescriptor::cardinality).orElse(0L));
    }
}
