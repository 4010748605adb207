package dev.lakehouse.trino;

import dev.lakehouse.stats.ColumnSummary;
import dev.lakehouse.stats.FileStatistics;
import dev.lakehouse.stats.StatisticsJson;
import dev.lakehouse.stats.TableColumnStatistics;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import io.trino.spi.statistics.ColumnStatistics;
import io.trino.spi.statistics.DoubleRange;
import io.trino.spi.statistics.Estimate;
import io.trino.spi.statistics.TableStatistics;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Int128;
import io.trino.spi.type.Type;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TinyintType.TINYINT;

/**
 * Table statistics for the cost-based optimizer, computed from the log: row counts, null fractions and value
 * ranges from per-file statistics, distinct values of partition columns. Files pruned by the handle's predicate
 * are left out, so the estimates follow the query.
 */
public final class TableStatisticsProvider
{
    public TableStatistics getTableStatistics(TableSnapshot snapshot, LakehouseTableHandle table, List<LakehouseColumnHandle> columns, Optional<TableColumnStatistics> columnStatistics)
    {
        FilePruner pruner = new FilePruner(table.partitionConstraint().intersect(table.dataConstraint()));
        Map<String, Type> dataColumnTypes = new HashMap<>();
        columns.stream().filter(column -> !column.partitionKey()).forEach(column -> dataColumnTypes.put(column.physicalName(), column.type()));

        long rowCount = 0;
        long tableRowCount = 0;
        Map<String, Long> nullCounts = new HashMap<>();
        Map<String, OptionalDouble> minimums = new HashMap<>();
        Map<String, OptionalDouble> maximums = new HashMap<>();
        Set<String> columnsWithoutStatistics = new HashSet<>();
        Map<String, Set<Optional<String>>> partitionValues = new HashMap<>();
        for (AddFileEntry file : snapshot.activeFiles()) {
            boolean matches = pruner.mayMatch(file);
            FileStatistics statistics = StatisticsJson.parse(file.stats(), matches ? dataColumnTypes : Map.of());
            if (statistics.numRecords().isEmpty()) {
                return TableStatistics.empty();
            }
            long fileRows = FileRows.visible(file, statistics.numRecords()).orElseThrow();
            tableRowCount += fileRows;
            if (!matches) {
                continue;
            }
            rowCount += fileRows;
            for (LakehouseColumnHandle column : columns) {
                String name = column.physicalName();
                if (column.partitionKey()) {
                    Optional<String> value = Optional.ofNullable(file.partitionValues().get(name));
                    partitionValues.computeIfAbsent(name, _ -> new HashSet<>()).add(value);
                    if (value.isEmpty()) {
                        nullCounts.merge(name, fileRows, Long::sum);
                    }
                    continue;
                }
                Optional<Long> nullCount = statistics.nullCount(name);
                if (nullCount.isEmpty()) {
                    columnsWithoutStatistics.add(name);
                }
                else {
                    nullCounts.merge(name, Math.min(nullCount.get(), fileRows), Long::sum);
                }
                mergeRange(minimums, name, statistics.min(name).flatMap(value -> toDouble(column.type(), value)), Math::min);
                mergeRange(maximums, name, statistics.max(name).flatMap(value -> toDouble(column.type(), value)), Math::max);
            }
        }

        TableStatistics.Builder result = TableStatistics.builder().setRowCount(Estimate.of(rowCount));
        if (rowCount == 0) {
            return result.build();
        }
        for (LakehouseColumnHandle column : columns) {
            String name = column.physicalName();
            ColumnStatistics.Builder statistics = ColumnStatistics.builder();
            if (!columnsWithoutStatistics.contains(name)) {
                statistics.setNullsFraction(Estimate.of(nullCounts.getOrDefault(name, 0L) / (double) rowCount));
            }
            long nonNullRows = rowCount - nullCounts.getOrDefault(name, 0L);
            if (column.partitionKey()) {
                long distinct = partitionValues.getOrDefault(name, Set.of()).stream().filter(Optional::isPresent).count();
                statistics.setDistinctValuesCount(Estimate.of(distinct));
            }
            else {
                // the summary describes the whole version: the files left after pruning hold at most their own rows
                Optional<ColumnSummary> summary = columnStatistics.flatMap(all -> Optional.ofNullable(all.columns().get(name)));
                summary.flatMap(value -> toOptional(value.distinctValues()))
                        .ifPresent(distinct -> statistics.setDistinctValuesCount(Estimate.of(Math.max(0, Math.min(distinct, nonNullRows)))));
                double fraction = rowCount / (double) tableRowCount;
                summary.flatMap(value -> toOptional(value.totalSizeInBytes()))
                        .ifPresent(size -> statistics.setDataSize(Estimate.of(size * fraction)));
            }
            OptionalDouble min = minimums.getOrDefault(name, OptionalDouble.empty());
            OptionalDouble max = maximums.getOrDefault(name, OptionalDouble.empty());
            if (min.isPresent() && max.isPresent()) {
                statistics.setRange(new DoubleRange(min.getAsDouble(), max.getAsDouble()));
            }
            result.setColumnStatistics(column, statistics.build());
        }
        return result.build();
    }

    private static Optional<Long> toOptional(OptionalLong value)
    {
        return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
    }

    /**
     * A range stays known only while every file has a bound for the column.
     */
    private static void mergeRange(Map<String, OptionalDouble> ranges, String column, Optional<Double> value, java.util.function.DoubleBinaryOperator merge)
    {
        OptionalDouble merged;
        if (value.isEmpty()) {
            merged = OptionalDouble.empty();
        }
        else if (!ranges.containsKey(column)) {
            merged = OptionalDouble.of(value.get());
        }
        else {
            OptionalDouble previous = ranges.get(column);
            merged = previous.isPresent() ? OptionalDouble.of(merge.applyAsDouble(previous.getAsDouble(), value.get())) : previous;
        }
        ranges.put(column, merged);
    }

    private static Optional<Double> toDouble(Type type, Object value)
    {
        if (type.equals(TINYINT) || type.equals(SMALLINT) || type.equals(INTEGER) || type.equals(BIGINT) || type.equals(DATE)) {
            return Optional.of((double) (long) value);
        }
        if (type.equals(DOUBLE)) {
            return Optional.of((double) value);
        }
        if (type.equals(REAL)) {
            return Optional.of((double) Float.intBitsToFloat(((Long) value).intValue()));
        }
        if (type instanceof DecimalType decimal) {
            BigDecimal number = decimal.isShort() ? BigDecimal.valueOf((long) value, decimal.getScale()) : new BigDecimal(((Int128) value).toBigInteger(), decimal.getScale());
            return Optional.of(number.doubleValue());
        }
        return Optional.empty();
    }
}
