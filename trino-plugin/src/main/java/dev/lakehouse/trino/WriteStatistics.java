package dev.lakehouse.trino;

import com.google.common.collect.ImmutableSet;
import dev.lakehouse.stats.ColumnSummary;
import io.airlift.slice.Slice;
import io.trino.spi.block.Block;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.statistics.ColumnStatisticMetadata;
import io.trino.spi.statistics.ColumnStatisticType;
import io.trino.spi.statistics.ComputedStatistics;
import io.trino.spi.statistics.TableStatisticsMetadata;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.CharType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarbinaryType;
import io.trino.spi.type.VarcharType;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static io.trino.spi.statistics.ColumnStatisticType.NUMBER_OF_DISTINCT_VALUES_SUMMARY;
import static io.trino.spi.statistics.ColumnStatisticType.TOTAL_SIZE_IN_BYTES;
import static io.trino.spi.type.BigintType.BIGINT;

/**
 * The column statistics Trino computes while it writes (a distinct-values sketch per column, the size of
 * variable-width columns) and their conversion into {@link ColumnSummary} values keyed by physical column name.
 */
public final class WriteStatistics
{
    private WriteStatistics() {}

    public static TableStatisticsMetadata collectionMetadata(List<ColumnMetadata> columns)
    {
        ImmutableSet.Builder<ColumnStatisticMetadata> statistics = ImmutableSet.builder();
        for (ColumnMetadata column : columns) {
            if (column.isHidden() || !hasDistinctValues(column.getType())) {
                continue;
            }
            statistics.add(new ColumnStatisticMetadata(column.getName(), NUMBER_OF_DISTINCT_VALUES_SUMMARY));
            if (isVariableWidth(column.getType())) {
                statistics.add(new ColumnStatisticMetadata(column.getName(), TOTAL_SIZE_IN_BYTES));
            }
        }
        return new TableStatisticsMetadata(statistics.build(), ImmutableSet.of(), List.of());
    }

    public static Map<String, ColumnSummary> columnSummaries(Collection<ComputedStatistics> computedStatistics, List<LakehouseColumnHandle> columns)
    {
        Map<String, String> physicalNames = new HashMap<>();
        columns.forEach(column -> physicalNames.put(column.name().toLowerCase(Locale.ENGLISH), column.physicalName()));

        Map<String, Optional<Slice>> sketches = new HashMap<>();
        Map<String, OptionalLong> sizes = new HashMap<>();
        for (ComputedStatistics computed : computedStatistics) {
            computed.getColumnStatistics().forEach((metadata, block) -> {
                String physicalName = physicalNames.get(metadata.getColumnName());
                if (physicalName == null) {
                    return;
                }
                ColumnStatisticType type = metadata.getStatisticType();
                if (type == NUMBER_OF_DISTINCT_VALUES_SUMMARY) {
                    sketches.put(physicalName, block.isNull(0) ? Optional.empty() : Optional.of(VarbinaryType.VARBINARY.getSlice(block, 0)));
                }
                else if (type == TOTAL_SIZE_IN_BYTES) {
                    sizes.put(physicalName, longValue(block));
                }
            });
        }
        Map<String, ColumnSummary> summaries = new HashMap<>();
        sketches.forEach((name, sketch) -> summaries.put(name, new ColumnSummary(sketch, sizes.getOrDefault(name, OptionalLong.empty()))));
        return summaries;
    }

    // no rows, or only NULLs, leave the sum NULL: their size is zero
    private static OptionalLong longValue(Block block)
    {
        return OptionalLong.of(block.isNull(0) ? 0 : BIGINT.getLong(block, 0));
    }

    private static boolean hasDistinctValues(Type type)
    {
        return !(type instanceof ArrayType || type instanceof MapType || type instanceof RowType);
    }

    private static boolean isVariableWidth(Type type)
    {
        return type instanceof VarcharType || type instanceof VarbinaryType || type instanceof CharType;
    }
}
