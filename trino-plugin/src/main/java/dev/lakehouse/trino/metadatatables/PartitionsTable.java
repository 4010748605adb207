package dev.lakehouse.trino.metadatatables;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.FileRows;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.PartitionValues;
import io.trino.spi.PageBuilder;
import io.trino.spi.block.RowBlockBuilder;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.TypeUtils.writeNativeValue;
import static java.util.Objects.requireNonNull;

/**
 * {@code SELECT * FROM "t$partitions"}: per partition of the latest version, from the log alone: its values (a row
 * of the partition columns; left out when the table is not partitioned, which then has one row for the whole
 * table), files, rows (those a deletion vector hides not counted; NULL when a file has no row count), bytes, and
 * small files (below half the target file size, as {@code $layout} counts them).
 */
final class PartitionsTable
        extends MetadataTable
{
    private final TableSnapshot snapshot;
    private final List<LakehouseColumnHandle> partitionColumns;
    private final long smallFileThreshold;
    private final Optional<RowType> partitionType;

    /**
     * @param partitionColumns the partition columns, in the table's order
     */
    PartitionsTable(SchemaTableName name, TableSnapshot snapshot, List<LakehouseColumnHandle> partitionColumns, long smallFileThreshold)
    {
        super(name, columns(partitionType(partitionColumns)));
        this.snapshot = requireNonNull(snapshot, "snapshot is null");
        this.partitionColumns = ImmutableList.copyOf(partitionColumns);
        this.smallFileThreshold = smallFileThreshold;
        this.partitionType = partitionType(partitionColumns);
    }

    private static Optional<RowType> partitionType(List<LakehouseColumnHandle> partitionColumns)
    {
        return partitionColumns.isEmpty()
                ? Optional.empty()
                : Optional.of(RowType.from(partitionColumns.stream().map(column -> RowType.field(column.name(), column.type())).toList()));
    }

    private static List<ColumnMetadata> columns(Optional<RowType> partitionType)
    {
        ImmutableList.Builder<ColumnMetadata> columns = ImmutableList.builder();
        partitionType.ifPresent(type -> columns.add(new ColumnMetadata("partition", type)));
        columns.add(new ColumnMetadata("file_count", BIGINT));
        columns.add(new ColumnMetadata("record_count", BIGINT));
        columns.add(new ColumnMetadata("total_size", BIGINT));
        columns.add(new ColumnMetadata("small_file_count", BIGINT));
        return columns.build();
    }

    @Override
    public ConnectorPageSource pageSource(ConnectorTransactionHandle transactionHandle, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        Map<List<Optional<String>>, Totals> partitions = new LinkedHashMap<>();
        for (AddFileEntry file : snapshot.activeFiles()) {
            List<Optional<String>> values = new ArrayList<>();
            for (LakehouseColumnHandle column : partitionColumns) {
                values.add(Optional.ofNullable(file.partitionValues().get(column.physicalName())));
            }
            partitions.computeIfAbsent(values, _ -> new Totals()).add(file, smallFileThreshold);
        }
        return pages(partitions.entrySet(), (page, partition) -> addRow(page, partition.getKey(), partition.getValue()));
    }

    private void addRow(PageBuilder page, List<Optional<String>> values, Totals totals)
    {
        int channel = 0;
        if (partitionType.isPresent()) {
            ((RowBlockBuilder) page.getBlockBuilder(channel++)).buildEntry(fields -> {
                for (int field = 0; field < partitionColumns.size(); field++) {
                    LakehouseColumnHandle column = partitionColumns.get(field);
                    Type type = column.type();
                    writeNativeValue(type, fields.get(field), PartitionValues.deserialize(type, values.get(field), column.name()));
                }
            });
        }
        BIGINT.writeLong(page.getBlockBuilder(channel++), totals.files);
        if (totals.rowsKnown) {
            BIGINT.writeLong(page.getBlockBuilder(channel++), totals.rows);
        }
        else {
            page.getBlockBuilder(channel++).appendNull();
        }
        BIGINT.writeLong(page.getBlockBuilder(channel++), totals.bytes);
        BIGINT.writeLong(page.getBlockBuilder(channel), totals.smallFiles);
    }

    private static final class Totals
    {
        private long files;
        private long rows;
        private boolean rowsKnown = true;
        private long bytes;
        private long smallFiles;

        void add(AddFileEntry file, long smallFileThreshold)
        {
            files++;
            bytes += file.size();
            if (file.size() < smallFileThreshold) {
                smallFiles++;
            }
            Optional<Long> visible = FileRows.visible(file);
            visible.ifPresent(count -> rows += count);
            rowsKnown &= visible.isPresent();
        }
    }
}
