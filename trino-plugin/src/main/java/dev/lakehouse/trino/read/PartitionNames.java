package dev.lakehouse.trino.read;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.PartitionValues;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The value of the hidden column {@code $partition} for a data file: the Hive-style name of its partition,
 * {@code column=value} for each partition column in the table's order, joined by {@code /} (empty for an
 * unpartitioned table), as the columns are named and the values written in the log.
 */
public final class PartitionNames
{
    private record PartitionColumn(String name, String physicalName) {}

    private final List<PartitionColumn> columns;

    private PartitionNames(List<PartitionColumn> columns)
    {
        this.columns = ImmutableList.copyOf(columns);
    }

    /**
     * @param columns the table's columns, to find the physical name (the key in the log) of each partition column
     */
    public static PartitionNames of(MetadataEntry metadata, List<LakehouseColumnHandle> columns)
    {
        Map<String, LakehouseColumnHandle> byName = columns.stream().collect(Collectors.toMap(LakehouseColumnHandle::name, Function.identity(), (first, _) -> first));
        return new PartitionNames(metadata.partitionColumns().stream()
                .map(name -> new PartitionColumn(name, Optional.ofNullable(byName.get(name)).map(LakehouseColumnHandle::physicalName).orElse(name)))
                .toList());
    }

    public String name(AddFileEntry file)
    {
        return columns.stream()
                .map(column -> PartitionValues.pathSegment(column.name(), Optional.ofNullable(file.partitionValues().get(column.physicalName()))))
                .collect(Collectors.joining("/"));
    }
}
