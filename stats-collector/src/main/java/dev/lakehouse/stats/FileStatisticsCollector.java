package dev.lakehouse.stats;

import com.google.common.collect.ImmutableList;
import io.trino.spi.Page;
import io.airlift.slice.Slice;
import io.trino.spi.block.Block;
import io.trino.spi.block.ByteArrayBlock;
import io.trino.spi.block.IntArrayBlock;
import io.trino.spi.block.LongArrayBlock;
import io.trino.spi.block.RunLengthEncodedBlock;
import io.trino.spi.block.ShortArrayBlock;
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
        // LONG and DOUBLE keep primitives, VARCHAR a copied slice (and its first eight bytes), the other kinds native values
        private boolean seenPrimitive;
        private long minLong;
        private long maxLong;
        private double minDouble;
        private double maxDouble;
        private long minPrefix;
        private long maxPrefix;
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
            return switch (kind) {
                case LONG -> seenPrimitive ? minLong : null;
                case DOUBLE -> seenPrimitive && !hasNaN ? minDouble : null;
                default -> min;
            };
        }

        Object max()
        {
            return switch (kind) {
                case LONG -> seenPrimitive ? maxLong : null;
                case DOUBLE -> seenPrimitive && !hasNaN ? maxDouble : null;
                default -> max;
            };
        }

        void add(Block block)
        {
            if (block.getPositionCount() == 0) {
                return;
            }
            if (block instanceof RunLengthEncodedBlock runs) {
                // one value, many times: count its nulls, and add it once
                if (runs.getValue().isNull(0)) {
                    nullCount += runs.getPositionCount();
                }
                else if (kind != ValueKind.NONE) {
                    addValues(runs.getValue(), 1);
                }
                return;
            }
            if (kind == ValueKind.NONE) {
                countNulls(block);
                return;
            }
            addValues(block, block.getPositionCount());
        }

        private void addValues(Block block, int positions)
        {
            switch (kind) {
                case LONG -> addLongs(block, positions);
                case DOUBLE -> addDoubles(block, positions);
                case VARCHAR -> addVarchars(block, positions);
                case REAL, OTHER -> addOthers(block, positions);
                case NONE -> throw new IllegalStateException("unreachable");
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

        // each loop reads the value block's own class (a call the JIT can inline), not the type's megamorphic getLong
        private void addLongs(Block block, int positions)
        {
            ValueBlock values = block.getUnderlyingValueBlock();
            boolean seen = seenPrimitive;
            long low = minLong;
            long high = maxLong;
            for (int position = 0; position < positions; position++) {
                int valuePosition = block.getUnderlyingValuePosition(position);
                if (values.isNull(valuePosition)) {
                    nullCount++;
                    continue;
                }
                long value = switch (values) {
                    case LongArrayBlock longs -> longs.getLong(valuePosition);
                    case IntArrayBlock ints -> ints.getInt(valuePosition);
                    case ShortArrayBlock shorts -> shorts.getShort(valuePosition);
                    case ByteArrayBlock bytes -> bytes.getByte(valuePosition);
                    default -> type.getLong(values, valuePosition);
                };
                if (!seen) {
                    seen = true;
                    low = value;
                    high = value;
                }
                low = Math.min(low, value);
                high = Math.max(high, value);
            }
            seenPrimitive = seen;
            minLong = low;
            maxLong = high;
        }

        private void addDoubles(Block block, int positions)
        {
            ValueBlock values = block.getUnderlyingValueBlock();
            boolean seen = seenPrimitive;
            double low = minDouble;
            double high = maxDouble;
            for (int position = 0; position < positions; position++) {
                int valuePosition = block.getUnderlyingValuePosition(position);
                if (values.isNull(valuePosition)) {
                    nullCount++;
                    continue;
                }
                double value = values instanceof LongArrayBlock longs ? Double.longBitsToDouble(longs.getLong(valuePosition)) : type.getDouble(values, valuePosition);
                if (Double.isNaN(value)) {
                    // min/max over NaN is meaningless for pruning: none for this file
                    hasNaN = true;
                }
                if (!seen) {
                    seen = true;
                    low = value;
                    high = value;
                }
                low = Math.min(low, value);
                high = Math.max(high, value);
            }
            seenPrimitive = seen;
            minDouble = low;
            maxDouble = high;
        }

        // varchar order is the unsigned order of the UTF-8 bytes: compare in place, first by the first eight bytes as
        // one unsigned number (which decides unless they are equal), and copy only a new bound
        private void addVarchars(Block block, int positions)
        {
            VariableWidthBlock values = (VariableWidthBlock) block.getUnderlyingValueBlock();
            Slice raw = values.getRawSlice();
            for (int position = 0; position < positions; position++) {
                int valuePosition = block.getUnderlyingValuePosition(position);
                if (values.isNull(valuePosition)) {
                    nullCount++;
                    continue;
                }
                int offset = values.getRawSliceOffset(valuePosition);
                int length = values.getSliceLength(valuePosition);
                long prefix = prefix(raw, offset, length);
                if (min == null) {
                    min = raw.copy(offset, length);
                    max = min;
                    minPrefix = prefix;
                    maxPrefix = prefix;
                    continue;
                }
                int toMin = Long.compareUnsigned(prefix, minPrefix);
                if (toMin < 0 || (toMin == 0 && raw.compareTo(offset, length, (Slice) min, 0, ((Slice) min).length()) < 0)) {
                    min = raw.copy(offset, length);
                    minPrefix = prefix;
                    continue;
                }
                int toMax = Long.compareUnsigned(prefix, maxPrefix);
                if (toMax > 0 || (toMax == 0 && raw.compareTo(offset, length, (Slice) max, 0, ((Slice) max).length()) > 0)) {
                    max = raw.copy(offset, length);
                    maxPrefix = prefix;
                }
            }
        }

        /**
         * The first eight bytes, big-endian, zero-padded: unsigned order of prefixes is the order of the strings
         * whenever the prefixes differ.
         */
        private static long prefix(Slice raw, int offset, int length)
        {
            if (length >= Long.BYTES) {
                return Long.reverseBytes(raw.getLong(offset));
            }
            long prefix = 0;
            for (int i = 0; i < length; i++) {
                prefix = (prefix << 8) | (raw.getByte(offset + i) & 0xFF);
            }
            return length == 0 ? 0 : prefix << (8 * (Long.BYTES - length));
        }

        private void addOthers(Block block, int positions)
        {
            for (int position = 0; position < positions; position++) {
                if (block.isNull(position)) {
                    nullCount++;
                    continue;
                }
                if (hasNaN) {
                    continue;
                }
                if (kind == ValueKind.REAL) {
                    addReal(Float.intBitsToFloat((int) type.getLong(block, position)));
                }
                else {
                    addObject(readNativeValue(type, block, position));
                }
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
