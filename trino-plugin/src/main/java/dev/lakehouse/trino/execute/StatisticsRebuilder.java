package dev.lakehouse.trino.execute;

import com.google.inject.Inject;
import dev.lakehouse.stats.FileStatisticsCollector;
import dev.lakehouse.stats.StatisticsCompleteness;
import dev.lakehouse.stats.StatisticsJson;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.LakehouseSplit;
import dev.lakehouse.trino.LakehouseTableHandle;
import dev.lakehouse.trino.read.LakehousePageSourceProvider;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static java.util.Objects.requireNonNull;

/**
 * Recomputes the statistics of data files whose {@code add} action has none, or lacks some columns (tables written by
 * engines that collect statistics on a few columns only), by reading the files' rows.
 */
public final class StatisticsRebuilder
{
    private final LakehousePageSourceProvider pageSourceProvider;

    @Inject
    public StatisticsRebuilder(LakehousePageSourceProvider pageSourceProvider)
    {
        this.pageSourceProvider = requireNonNull(pageSourceProvider, "pageSourceProvider is null");
    }

    /**
     * True when the file's statistics lack its row count or the null count of a column: min/max may be missing
     * legitimately (only NULLs, or a value too long to bound), a null count may not.
     */
    public static boolean hasIncompleteStatistics(AddFileEntry file, List<LakehouseColumnHandle> dataColumns)
    {
        Map<String, Type> types = dataColumns.stream()
                .filter(column -> !isNested(column.type()))
                .collect(toImmutableMap(LakehouseColumnHandle::physicalName, LakehouseColumnHandle::type));
        return StatisticsCompleteness.isIncomplete(file.stats(), types);
    }

    /**
     * The file with statistics computed from all its rows, as a {@code dataChange=false} re-add of the same path.
     */
    public AddFileEntry rebuild(ConnectorSession session, LakehouseTableHandle table, AddFileEntry file, List<LakehouseColumnHandle> dataColumns)
    {
        FileStatisticsCollector collector = new FileStatisticsCollector(
                dataColumns.stream().map(LakehouseColumnHandle::physicalName).toList(),
                dataColumns.stream().map(LakehouseColumnHandle::type).toList());
        List<ColumnHandle> columns = List.copyOf(dataColumns);
        try (ConnectorPageSource pageSource = pageSourceProvider.createPageSource(null, session, LakehouseSplit.of(file, 0, file.size()), table, columns, DynamicFilter.EMPTY)) {
            while (!pageSource.isFinished()) {
                SourcePage page = pageSource.getNextSourcePage();
                if (page != null) {
                    collector.addPage(page.getPage());
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Type> types = dataColumns.stream().collect(toImmutableMap(LakehouseColumnHandle::physicalName, LakehouseColumnHandle::type));
        String statistics = StatisticsJson.serialize(collector.build(), types);
        return new AddFileEntry(file.path(), file.partitionValues(), file.size(), file.modificationTime(), false, Optional.of(statistics), file.tags(), file.deletionVector());
    }

    private static boolean isNested(Type type)
    {
        return type instanceof ArrayType || type instanceof MapType || type instanceof RowType;
    }
}
