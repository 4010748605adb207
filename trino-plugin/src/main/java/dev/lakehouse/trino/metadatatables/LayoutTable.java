package dev.lakehouse.trino.metadatatables;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.layout.ClusteringTags;
import dev.lakehouse.layout.DataFileDescriptor;
import dev.lakehouse.layout.DataFileDescriptors;
import dev.lakehouse.layout.LayoutMetrics;
import dev.lakehouse.stats.StatisticsValues;
import dev.lakehouse.stats.ValueOrdering;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.LakehouseColumnHandle;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.InMemoryRecordSet;
import io.trino.spi.connector.RecordCursor;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.Type;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code SELECT * FROM "t$layout"}: how well the files of the latest version are laid out for min/max pruning,
 * computed from the log alone. One row per data column with min/max statistics: the average and maximum number of
 * files whose ranges overlap at a value of the column (1.0 when files are disjoint on it; the file count when every
 * file spans everything), and how many files have no usable statistics for it; plus, repeated on every row, the
 * table's file count, bytes, small files (below half the target file size) and bytes in files written by a
 * clustering run.
 */
final class LayoutTable
        extends MetadataTable
{
    private static final List<ColumnMetadata> COLUMNS = ImmutableList.of(
            new ColumnMetadata("column_name", VARCHAR),
            new ColumnMetadata("average_depth", DOUBLE),
            new ColumnMetadata("max_depth", BIGINT),
            new ColumnMetadata("files_without_statistics", BIGINT),
            new ColumnMetadata("file_count", BIGINT),
            new ColumnMetadata("total_bytes", BIGINT),
            new ColumnMetadata("small_files", BIGINT),
            new ColumnMetadata("clustered_bytes", BIGINT));

    private final TableSnapshot snapshot;
    private final List<LakehouseColumnHandle> columns;
    private final long smallFileThreshold;

    LayoutTable(SchemaTableName name, TableSnapshot snapshot, List<LakehouseColumnHandle> columns, long smallFileThreshold)
    {
        super(name, COLUMNS);
        this.snapshot = requireNonNull(snapshot, "snapshot is null");
        this.columns = ImmutableList.copyOf(columns);
        this.smallFileThreshold = smallFileThreshold;
    }

    @Override
    public RecordCursor cursor(ConnectorTransactionHandle transactionHandle, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        Map<String, Type> measured = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (LakehouseColumnHandle column : columns) {
            if (!column.partitionKey() && StatisticsValues.hasMinMax(column.type())) {
                measured.put(column.physicalName(), column.type());
                names.put(column.physicalName(), column.name());
            }
        }
        Map<String, Comparator<Object>> comparators = new LinkedHashMap<>();
        measured.forEach((column, type) -> comparators.put(column, ValueOrdering.comparator(type)));
        List<DataFileDescriptor> files = snapshot.activeFiles().stream()
                .map(file -> DataFileDescriptors.of(file, measured))
                .toList();
        LayoutMetrics metrics = LayoutMetrics.compute(files, List.copyOf(measured.keySet()), comparators, smallFileThreshold);
        long clusteredBytes = snapshot.activeFiles().stream()
                .filter(file -> file.tags().containsKey(ClusteringTags.CURVE))
                .mapToLong(AddFileEntry::size)
                .sum();

        InMemoryRecordSet.Builder rows = InMemoryRecordSet.builder(columns());
        for (LayoutMetrics.ColumnMetrics column : metrics.columns()) {
            rows.addRow(
                    names.get(column.column()),
                    column.averageDepth().isPresent() ? column.averageDepth().getAsDouble() : null,
                    (long) column.maxDepth(),
                    (long) column.filesWithoutStats(),
                    (long) metrics.fileCount(),
                    metrics.totalBytes(),
                    (long) metrics.smallFileCount(),
                    clusteredBytes);
        }
        return rows.build().cursor();
    }
}
