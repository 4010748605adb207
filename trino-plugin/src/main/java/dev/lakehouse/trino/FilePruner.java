package dev.lakehouse.trino;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.stats.FileStatistics;
import dev.lakehouse.stats.StatisticsJson;
import dev.lakehouse.stats.StatisticsValues;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.Range;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.predicate.ValueSet;
import io.trino.spi.type.Type;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Decides from the log alone whether a data file can hold rows matching a predicate: partition values are
 * checked exactly, other columns against the file's min/max/null-count statistics. A pruned file is never opened.
 */
public final class FilePruner
{
    private final Map<LakehouseColumnHandle, Domain> partitionDomains;
    private final Map<LakehouseColumnHandle, Domain> dataDomains;
    private final Map<String, Type> statisticsColumns;
    private final boolean none;

    public FilePruner(TupleDomain<LakehouseColumnHandle> constraint)
    {
        requireNonNull(constraint, "constraint is null");
        this.none = constraint.isNone();
        Map<LakehouseColumnHandle, Domain> domains = constraint.getDomains().orElse(ImmutableMap.of());
        ImmutableMap.Builder<LakehouseColumnHandle, Domain> partitions = ImmutableMap.builder();
        ImmutableMap.Builder<LakehouseColumnHandle, Domain> data = ImmutableMap.builder();
        ImmutableMap.Builder<String, Type> statistics = ImmutableMap.builder();
        domains.forEach((column, domain) -> {
            if (column.partitionKey()) {
                partitions.put(column, domain);
            }
            else {
                data.put(column, domain);
                statistics.put(column.physicalName(), column.type());
            }
        });
        this.partitionDomains = partitions.buildOrThrow();
        this.dataDomains = data.buildOrThrow();
        this.statisticsColumns = statistics.buildKeepingLast();
    }

    public boolean isAll()
    {
        return !none && partitionDomains.isEmpty() && dataDomains.isEmpty();
    }

    public boolean mayMatch(AddFileEntry file)
    {
        if (none) {
            return false;
        }
        for (Map.Entry<LakehouseColumnHandle, Domain> entry : partitionDomains.entrySet()) {
            LakehouseColumnHandle column = entry.getKey();
            String serialized = file.partitionValues().get(column.physicalName());
            Object value = PartitionValues.deserialize(column.type(), Optional.ofNullable(serialized), column.name());
            if (!entry.getValue().includesNullableValue(value)) {
                return false;
            }
        }
        if (dataDomains.isEmpty()) {
            return true;
        }
        FileStatistics statistics = StatisticsJson.parse(file.stats(), statisticsColumns);
        for (Map.Entry<LakehouseColumnHandle, Domain> entry : dataDomains.entrySet()) {
            Optional<Domain> fileDomain = fileDomain(entry.getKey(), statistics);
            if (fileDomain.isPresent() && entry.getValue().intersect(fileDomain.get()).isNone()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a predicate on the column could rule out some of the files but not others: true when the files hold
     * at least two partition values, or when two files' value ranges are disjoint (in one dimension, ranges that
     * overlap pairwise all share a value). Waiting for a dynamic filter on a column that cannot tell files apart
     * only delays the query.
     */
    static boolean separatesFiles(List<AddFileEntry> files, LakehouseColumnHandle column)
    {
        if (files.size() < 2) {
            return false;
        }
        if (column.partitionKey()) {
            String first = files.getFirst().partitionValues().get(column.physicalName());
            return files.stream().anyMatch(file -> !Objects.equals(file.partitionValues().get(column.physicalName()), first));
        }
        Map<String, Type> statisticsColumns = ImmutableMap.of(column.physicalName(), column.type());
        ValueSet common = ValueSet.all(column.type());
        for (AddFileEntry file : files) {
            Optional<Domain> fileDomain = fileDomain(column, StatisticsJson.parse(file.stats(), statisticsColumns));
            if (fileDomain.isPresent()) {
                common = common.intersect(fileDomain.get().getValues());
                if (common.isNone()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The values a file may hold for a column according to its statistics, or empty when they are unknown.
     */
    static Optional<Domain> fileDomain(LakehouseColumnHandle column, FileStatistics statistics)
    {
        Type type = column.type();
        Optional<Long> nullCount = statistics.nullCount(column.physicalName());
        if (nullCount.isPresent() && statistics.numRecords().isPresent() && nullCount.get().equals(statistics.numRecords().get())) {
            return Optional.of(Domain.onlyNull(type));
        }
        if (!StatisticsValues.hasMinMax(type)) {
            return Optional.empty();
        }
        Optional<Object> min = statistics.min(column.physicalName());
        Optional<Object> max = statistics.max(column.physicalName());
        if (min.isEmpty() || max.isEmpty()) {
            return Optional.empty();
        }
        boolean mayHaveNulls = nullCount.map(count -> count > 0).orElse(true);
        try {
            return Optional.of(Domain.create(ValueSet.ofRanges(Range.range(type, min.get(), true, max.get(), true)), mayHaveNulls));
        }
        catch (IllegalArgumentException e) {
            // another writer left a minimum above the maximum: the statistics cannot be trusted
            return Optional.empty();
        }
    }
}
