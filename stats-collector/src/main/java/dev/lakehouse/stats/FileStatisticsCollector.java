package dev.lakehouse.stats;

import com.google.common.collect.ImmutableList;
import io.trino.spi.Page;
import io.airlift.slice.Slice;
import io.trino.spi.block.Block;
import io.trino.spi.block.ValueBlock;
import io.trino.spi.block.VariableWidthBlock;
import io.trino.spi.type.DoubleType;
import io.trino.spi.type.RealType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeOperators;
import io.trino.spi.type.VarcharType;

import java.lang.invoke.MethodHandle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static io.trino.spi.function.InvocationConvention.InvocationArgumentConvention.NEVER_NULL;
import static io.trino.spi.function.InvocationConvention.InvocationReturnConvention.FAIL_ON_NULL;
import static io.trino.spi.function.InvocationConvention.simpleConvention;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
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
            if (column.min() != null) {
                min.put(column.name, column.min());
                max.put(column.name, column.max());
            }
        }
        return new FileStatistics(Optional.of(rowCount), min, max, nullCounts);
    }

    private static final class ColumnAccumulator
    {
        private final String name;
        private final Type type;
        private final ValueKind kind;
        private final Optional<MethodHandle> comparison;
        private long nullCount;
        private boolean hasNaN;
        // LONG keeps primitives, VARCHAR a copied slice, the other kinds native values
        private boolean seenLong;
        private long minLong;
        private long maxLong;
        private Object min;
        private Object max;

        ColumnAccumulator(String name, Type type)
        {
            this.name = requireNonNull(name, "name is null");
            this.type = requireNonNull(type, "type is null");
            this.kind = ValueKind.of(type);
            this.comparison = kind == ValueKind.OTHER
                    ? Optional.of(TYPE_OPERATORS.getComparisonUnorderedLastOperator(type, simpleConvention(FAIL_ON_NULL, NEVER_NULL, NEVER_NULL)))
                    : Optional.empty();
        }

        Object min()
        {
            return kind == ValueKind.LONG ? (seenLong ? minLong : null) : min;
        }

        Object max()
        {
            return kind == ValueKind.LONG ? (seenLong ? maxLong : null) : max;
        }

        void add(Block block)
        {
            if (kind == ValueKind.NONE) {
                countNulls(block);
                return;
            }
            for (int position = 0; position < block.getPositionCount(); position++) {
                if (block.isNull(position)) {
                    nullCount++;
                    continue;
                }
                if (hasNaN) {
                    continue;
                }
                switch (kind) {
                    case LONG -> addLong(type.getLong(block, position));
                    case DOUBLE -> addDouble(type.getDouble(block, position));
                    case REAL -> addReal(Float.intBitsToFloat((int) type.getLong(block, position)));
                    case VARCHAR -> addVarchar(block.getUnderlyingValueBlock(), block.getUnderlyingValuePosition(position));
                    case OTHER -> addObject(readNativeValue(type, block, position));
                    case NONE -> throw new IllegalStateException("unreachable");
                }
            }
        }

        private void countNulls(Block block)
        {
            if (!block.mayHaveNull()) {
                return;
            }
            for (int position = 0; position < block.getPositionCount(); position++) {
                if (block.isNull(position)) {
                    nullCount++;
                }
            }
        }

        private void addLong(long value)
        {
            if (!seenLong) {
                seenLong = true;
                minLong = value;
                maxLong = value;
                return;
            }
            minLong = Math.min(minLong, value);
            maxLong = Math.max(maxLong, value);
        }

        private void addDouble(double value)
        {
            if (Double.isNaN(value)) {
                dropMinMax();
                return;
            }
            if (min == null || value < (double) min) {
                min = value;
            }
            if (max == null || value > (double) max) {
                max = value;
            }
        }

        private void addReal(float value)
        {
            if (Float.isNaN(value)) {
                dropMinMax();
                return;
            }
            if (min == null || value < Float.intBitsToFloat(((Long) min).intValue())) {
                min = (long) Float.floatToRawIntBits(value);
            }
            if (max == null || value > Float.intBitsToFloat(((Long) max).intValue())) {
                max = (long) Float.floatToRawIntBits(value);
            }
        }

        // varchar order is the unsigned order of the UTF-8 bytes: compare in place, copy only a new bound
        private void addVarchar(ValueBlock block, int position)
        {
            VariableWidthBlock values = (VariableWidthBlock) block;
            Slice raw = values.getRawSlice();
            int offset = values.getRawSliceOffset(position);
            int length = values.getSliceLength(position);
            if (min == null || raw.compareTo(offset, length, (Slice) min, 0, ((Slice) min).length()) < 0) {
                min = raw.copy(offset, length);
            }
            if (max == null || raw.compareTo(offset, length, (Slice) max, 0, ((Slice) max).length()) > 0) {
                max = raw.copy(offset, length);
            }
        }

        private void addObject(Object value)
        {
            if (min == null || compare(value, min) < 0) {
                min = value;
            }
            if (max == null || compare(value, max) > 0) {
                max = value;
            }
        }

        // min/max over NaN is meaningless for pruning: drop them for this file
        private void dropMinMax()
        {
            hasNaN = true;
            min = null;
            max = null;
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

    /**
     * How a column's values are compared: directly as primitives where the native order is the SQL order.
     */
    private enum ValueKind
    {
        NONE,
        LONG,
        DOUBLE,
        REAL,
        VARCHAR,
        OTHER;

        static ValueKind of(Type type)
        {
            if (!StatisticsValues.hasMinMax(type)) {
                return NONE;
            }
            // inside this enum DOUBLE and REAL name its constants, hence the qualified type names
            if (type.equals(DoubleType.DOUBLE)) {
                return DOUBLE;
            }
            if (type.equals(RealType.REAL)) {
                return REAL;
            }
            // integers, dates, timestamps without zone and short decimals are longs in SQL order
            if (type.getJavaType() == long.class && !type.equals(TIMESTAMP_TZ_MILLIS)) {
                return LONG;
            }
            if (type instanceof VarcharType) {
                return VARCHAR;
            }
            return OTHER;
        }
    }
}
