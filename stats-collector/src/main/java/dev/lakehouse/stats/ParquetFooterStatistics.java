package dev.lakehouse.stats;

import io.airlift.slice.Slices;
import io.trino.parquet.ParquetCorruptionException;
import io.trino.parquet.ParquetDataSourceId;
import io.trino.parquet.metadata.BlockMetadata;
import io.trino.parquet.metadata.ColumnChunkMetadata;
import io.trino.parquet.metadata.ParquetMetadata;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarcharType;
import org.apache.parquet.column.statistics.BinaryStatistics;
import org.apache.parquet.column.statistics.DoubleStatistics;
import org.apache.parquet.column.statistics.FloatStatistics;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.column.statistics.LongStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.format.FileMetaData;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.google.common.collect.Iterables.getOnlyElement;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MICROS;
import static io.trino.spi.type.TinyintType.TINYINT;

/**
 * File statistics taken from the footer that Trino's Parquet writer has just written. That writer already keeps the
 * min, max and null count of every column chunk, so for the columns whose Parquet order and values are exactly the SQL
 * ones ({@link #covers}) the file's statistics are those of its row groups merged, at no cost per value. The other
 * columns need {@link FileStatisticsCollector}.
 * <p>
 * Only for files of Trino's Parquet writer: older writers of other engines ordered some types wrongly in their
 * statistics (signed bytes for strings), which is why reading a footer is not a way to rebuild statistics in general.
 */
public final class ParquetFooterStatistics
{
    private ParquetFooterStatistics() {}

    /**
     * Top-level columns of these types are stored as one Parquet primitive whose statistics order is the SQL order:
     * integers, dates, timestamps (microseconds) and short decimals as INT32/INT64 in signed order, real and double in
     * IEEE order (a chunk holding NaN has no min/max when read, and then neither has the file, as the collector does),
     * varchar as UTF-8 in unsigned byte order (truncated to a prefix past 1 kB, which the log's statistics truncate
     * further anyway).
     */
    public static boolean covers(Type type)
    {
        return type.equals(BIGINT) || type.equals(INTEGER) || type.equals(SMALLINT) || type.equals(TINYINT)
                || type.equals(DATE) || type.equals(TIMESTAMP_MICROS)
                || (type instanceof DecimalType decimal && decimal.isShort())
                || type.equals(REAL) || type.equals(DOUBLE)
                || type instanceof VarcharType;
    }

    /**
     * @param columns physical name and type of the top-level columns to read, each {@link #covers covered}
     */
    public static FileStatistics read(FileMetaData footer, Map<String, Type> columns)
            throws ParquetCorruptionException
    {
        Map<String, Statistics<?>> merged = new HashMap<>();
        Set<String> incomplete = new HashSet<>();
        Set<String> withoutMinMax = new HashSet<>();
        for (BlockMetadata rowGroup : new ParquetMetadata(footer, new ParquetDataSourceId("footer of a new data file")).getBlocks()) {
            for (ColumnChunkMetadata chunk : rowGroup.columns()) {
                if (chunk.getPath().size() != 1 || !columns.containsKey(getOnlyElement(chunk.getPath()))) {
                    continue;
                }
                String name = getOnlyElement(chunk.getPath());
                Statistics<?> statistics = chunk.getStatistics();
                if (statistics == null || statistics.isEmpty() || !statistics.isNumNullsSet()) {
                    // this row group kept no statistics of the column (values too large): the file has none either
                    incomplete.add(name);
                    continue;
                }
                if (!statistics.hasNonNullValue() && statistics.getNumNulls() < rowGroup.rowCount()) {
                    // values, but no min/max: they were dropped (NaN), and no bound of the file holds without them
                    withoutMinMax.add(name);
                }
                Statistics<?> total = merged.get(name);
                if (total == null) {
                    merged.put(name, statistics);
                }
                else {
                    total.mergeStatistics(statistics);
                }
            }
        }

        Map<String, Object> min = new HashMap<>();
        Map<String, Object> max = new HashMap<>();
        Map<String, Long> nullCounts = new HashMap<>();
        merged.forEach((name, statistics) -> {
            if (incomplete.contains(name)) {
                return;
            }
            nullCounts.put(name, statistics.getNumNulls());
            if (statistics.hasNonNullValue() && !withoutMinMax.contains(name)) {
                min.put(name, nativeValue(statistics, true));
                max.put(name, nativeValue(statistics, false));
            }
        });
        return new FileStatistics(Optional.of(footer.getNum_rows()), min, max, nullCounts);
    }

    /**
     * The bound in Trino's native representation (longs for integers, dates, timestamps and short decimals, int bits
     * for real, {@code double}, {@code Slice}). NaN never gets here: a chunk holding it has no min/max once read.
     */
    private static Object nativeValue(Statistics<?> statistics, boolean isMin)
    {
        return switch (statistics) {
            case IntStatistics ints -> (long) (isMin ? ints.getMin() : ints.getMax());
            case LongStatistics longs -> isMin ? longs.getMin() : longs.getMax();
            case FloatStatistics floats -> (long) Float.floatToRawIntBits(isMin ? floats.getMin() : floats.getMax());
            case DoubleStatistics doubles -> isMin ? doubles.getMin() : doubles.getMax();
            case BinaryStatistics binaries -> Slices.wrappedBuffer((isMin ? binaries.genericGetMin() : binaries.genericGetMax()).getBytes());
            default -> throw new IllegalArgumentException("Statistics of an unexpected kind: " + statistics.getClass().getSimpleName());
        };
    }
}
