package dev.lakehouse.stats;

import com.google.common.collect.ImmutableList;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeOperators;

import java.lang.invoke.MethodHandle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static io.trino.spi.function.InvocationConvention.InvocationArgumentConvention.NEVER_NULL;
import static io.trino.spi.function.InvocationConvention.InvocationReturnConvention.FAIL_ON_NULL;
import static io.trino.spi.function.InvocationConvention.simpleConvention;
import static io.trino.spi.type.TypeUtils.readNativeValue;
import static java.util.Objects.requireNonNull;

/**
 * Accumulates the statistics of one data file from the pages written to it: row count, null counts of every
 * column, and min/max of the columns whose types have them.
 */
public final class FileStatisticsCollector
{
    private static final TypeOperators TYPE_OPERATORS = new TypeOperators();

    private final List<ColumnAccumulator> columns;
    private long rowCount;

    /**
     * @param names physical names of the page's channels
     * @param types the channels' types
     */
    public FileStatisticsCollector(List<String> names, List<Type> types)
    {
        checkArgument(names.size() == types.size(), "names and types differ in size");
        ImmutableList.Builder<ColumnAccumulator> builder = ImmutableList.builder();
        for (int i = 0; i < names.size(); i++) {
            builder.add(new ColumnAccumulator(names.get(i), types.get(i)));
        }
        columns = builder.build();
    }

    public void addPage(Page page)
    {
        rowCount += page.getPositionCount();
        for (int channel = 0; channel < columns.size(); channel++) {
            columns.get(channel).add(page.getBlock(channel));
        }
    }

    public FileStatistics build()
    {
        Map<String, Object> min = new HashMap<>();
        Map<String, Object> max = new HashMap<>();
        Map<String, Long> nullCounts = new HashMap<>();
        for (ColumnAccumulator column : columns) {
            nullCounts.put(column.name, column.nullCount);
            if (column.min != null) {
                min.put(column.name, column.min);
                max.put(column.name, column.max);
            }
        }
        return new FileStatistics(Optional.of(rowCount), min, max, nullCounts);
    }

    private static final class ColumnAccumulator
    {
        private final String name;
        private final Type type;
        private final Optional<MethodHandle> comparison;
        private long nullCount;
        private Object min;
        private Object max;
        private boolean hasNaN;

        ColumnAccumulator(String name, Type type)
        {
            this.name = requireNonNull(name, "name is null");
            this.type = requireNonNull(type, "type is null");
            this.comparison = StatisticsValues.hasMinMax(type)
                    ? Optional.of(TYPE_OPERATORS.getComparisonUnorderedLastOperator(type, simpleConvention(FAIL_ON_NULL, NEVER_NULL, NEVER_NULL)))
                    : Optional.empty();
        }

        void add(Block block)
        {
            for (int position = 0; position < block.getPositionCount(); position++) {
                if (block.isNull(position)) {
                    nullCount++;
                    continue;
                }
                if (comparison.isEmpty() || hasNaN) {
                    continue;
                }
                Object value = readNativeValue(type, block, position);
                if (isNaN(value)) {
                    // min/max over NaN is meaningless for pruning: drop them for this file
                    hasNaN = true;
                    min = null;
                    max = null;
                    continue;
                }
                if (min == null || compare(value, min) < 0) {
                    min = value;
                }
                if (max == null || compare(value, max) > 0) {
                    max = value;
                }
            }
        }

        private boolean isNaN(Object value)
        {
            return (value instanceof Double number && number.isNaN())
                    || (type.equals(io.trino.spi.type.RealType.REAL) && Float.isNaN(Float.intBitsToFloat(((Long) value).intValue())));
        }

        private long compare(Object left, Object right)
        {
            try {
                return (long) comparison.orElseThrow().invoke(left, right);
            }
            catch (Throwable e) {
                throw new IllegalStateException("Cannot compare values of " + type, e);
            }
        }
    }
}
