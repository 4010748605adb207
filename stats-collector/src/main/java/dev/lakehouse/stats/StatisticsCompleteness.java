package dev.lakehouse.stats;

import io.trino.spi.type.Type;

import java.util.Map;
import java.util.Optional;

/**
 * Whether a file's statistics in the log are complete enough for pruning: they must have the row count and the
 * null count of every column; min/max may be missing legitimately (only NULLs, or a value too long to bound).
 */
public final class StatisticsCompleteness
{
    private StatisticsCompleteness() {}

    /**
     * @param columnTypes the table's data columns that statistics cover (not nested ones), by physical name
     */
    public static boolean isIncomplete(Optional<String> statisticsJson, Map<String, Type> columnTypes)
    {
        FileStatistics statistics = StatisticsJson.parse(statisticsJson, columnTypes);
        if (statistics.numRecords().isEmpty()) {
            return true;
        }
        return columnTypes.keySet().stream().anyMatch(column -> statistics.nullCount(column).isEmpty());
    }
}
