package dev.lakehouse.layout;

import dev.lakehouse.stats.FileStatistics;
import dev.lakehouse.stats.StatisticsJson;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import io.trino.spi.type.Type;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Data files of the log as the planners see them: an {@code add} with its statistics decoded for the columns asked for.
 */
public final class DataFileDescriptors
{
    private DataFileDescriptors() {}

    /**
     * @param columnTypes the columns whose ranges the planner needs, by physical name
     */
    public static DataFileDescriptor of(AddFileEntry file, Map<String, Type> columnTypes)
    {
        FileStatistics statistics = StatisticsJson.parse(file.stats(), columnTypes);
        Map<String, Optional<String>> partitionValues = new HashMap<>();
        file.partitionValues().forEach((name, value) -> partitionValues.put(name, Optional.ofNullable(value)));
        Map<String, ColumnRange> ranges = new HashMap<>();
        for (String column : columnTypes.keySet()) {
            ranges.put(column, range(statistics, column));
        }
        OptionalLong rowCount = statistics.numRecords().map(OptionalLong::of).orElse(OptionalLong.empty());
        return new DataFileDescriptor(file.path(), partitionValues, file.size(), rowCount, file.tags(), ranges);
    }

    private static ColumnRange range(FileStatistics statistics, String column)
    {
        Optional<Long> nulls = statistics.nullCount(column);
        if (nulls.isPresent() && statistics.numRecords().isPresent() && nulls.get().equals(statistics.numRecords().get())) {
            return ColumnRange.allNulls();
        }
        Optional<Object> min = statistics.min(column);
        Optional<Object> max = statistics.max(column);
        if (min.isPresent() && max.isPresent()) {
            return ColumnRange.of(min.get(), max.get());
        }
        return ColumnRange.unknown();
    }
}
