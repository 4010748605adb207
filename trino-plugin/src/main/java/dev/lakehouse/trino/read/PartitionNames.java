package dev.lakehouse.trino.read;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.PartitionValues;
import dev.lakehouse.trino.TableColumns;
import io.trino.spi.type.TypeManager;

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

    public static PartitionNames of(TableSnapshot snapshot, TypeManager typeManager)
    {
        MetadataEntry metadata = snapshot.metadata();
        if (metadata.partitionColumns().isEmpty()) {
            // every scan plans splits: an unpartitioned table's schema need not be parsed for this
            return new PartitionNames(List.of());
        }
        // the physical name of each partition column is its key in the log
        Map<String, LakehouseColumnHandle> byName = TableColumns.columnHandles(snapshot, typeManager).stream()
                .collect(Collectors.toMap(LakehouseColumnHandle::name, Function.identity(), (first, _) -> first));
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
