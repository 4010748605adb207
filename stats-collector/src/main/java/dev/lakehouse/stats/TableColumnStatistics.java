package dev.lakehouse.stats;

import com.google.common.collect.ImmutableMap;

import java.util.HashMap;
import java.util.Map;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * Column summaries of one version of a table, keyed by physical column name. They describe exactly the rows
 * of {@code tableVersion} and are never used for another version.
 */
public record TableColumnStatistics(long tableVersion, Map<String, ColumnSummary> columns)
{
    public TableColumnStatistics
    {
        checkArgument(tableVersion >= 0, "tableVersion is negative");
        columns = ImmutableMap.copyOf(requireNonNull(columns, "columns is null"));
    }

    /**
     * The same statistics for a later version that changed no rows (a comment, a table property).
     */
    public TableColumnStatistics atVersion(long newVersion)
    {
        checkArgument(newVersion > tableVersion, "new version %s is not after %s", newVersion, tableVersion);
        return new TableColumnStatistics(newVersion, columns);
    }

    /**
     * The statistics of the next version when it appended rows summarised by {@code appended}. A column that only
     * one side summarises (e.g. added by a schema change) is left out: its summary would not cover every row.
     */
    public TableColumnStatistics withAppended(long newVersion, Map<String, ColumnSummary> appended)
    {
        checkArgument(newVersion > tableVersion, "new version %s is not after %s", newVersion, tableVersion);
        Map<String, ColumnSummary> merged = new HashMap<>();
        columns.forEach((name, summary) -> {
            ColumnSummary other = appended.get(name);
            if (other != null) {
                merged.put(name, summary.merge(other));
            }
        });
        return new TableColumnStatistics(newVersion, merged);
    }

    /**
     * These statistics with the summaries of some columns recomputed over all rows of the same version (an ANALYZE
     * of a few columns): the other columns keep theirs.
     */
    public TableColumnStatistics replacing(Map<String, ColumnSummary> recomputed)
    {
        Map<String, ColumnSummary> merged = new HashMap<>(columns);
        merged.putAll(recomputed);
        return new TableColumnStatistics(tableVersion, merged);
    }
}
