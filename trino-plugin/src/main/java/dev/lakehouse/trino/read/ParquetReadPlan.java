package dev.lakehouse.trino.read;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.merge.MergeRowId;
import io.trino.parquet.Column;
import io.trino.parquet.Field;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.TupleDomain;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.ColumnIO;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.parquet.ParquetTypeUtils.constructField;
import static io.trino.parquet.ParquetTypeUtils.getColumnIO;
import static io.trino.parquet.ParquetTypeUtils.getDescriptors;
import static io.trino.parquet.ParquetTypeUtils.getParquetTypeByName;
import static io.trino.parquet.ParquetTypeUtils.lookupColumnByName;
import static io.trino.spi.predicate.Utils.nativeValueToBlock;
import static java.util.Objects.requireNonNull;

/**
 * How to read the files of one Parquet schema for one query: the file's fields the query needs, its predicate in terms
 * of the file's columns, the reader's columns, and where each output column comes from. None of it depends on a file's
 * contents, so a scan over many small files of one schema plans once (profiles of the box query over 2,000 small
 * files put a third of the cost of opening a file into this planning).
 */
final class ParquetReadPlan
{
    private final MessageType fileSchema;
    private final TupleDomain<LakehouseColumnHandle> dataPredicate;
    private final List<LakehouseColumnHandle> columns;
    private final RowGroupFilter rowGroupFilter;
    private final List<Column> readerColumns;
    // the output column of each requested column, empty where its value depends on the file (partition values, row ids)
    private final List<Optional<LakehousePageSource.OutputColumn>> fileIndependentOutputs;

    private ParquetReadPlan(
            MessageType fileSchema,
            TupleDomain<LakehouseColumnHandle> dataPredicate,
            List<LakehouseColumnHandle> columns,
            RowGroupFilter rowGroupFilter,
            List<Column> readerColumns,
            List<Optional<LakehousePageSource.OutputColumn>> fileIndependentOutputs)
    {
        this.fileSchema = requireNonNull(fileSchema, "fileSchema is null");
        this.dataPredicate = requireNonNull(dataPredicate, "dataPredicate is null");
        this.columns = ImmutableList.copyOf(columns);
        this.rowGroupFilter = requireNonNull(rowGroupFilter, "rowGroupFilter is null");
        this.readerColumns = ImmutableList.copyOf(readerColumns);
        this.fileIndependentOutputs = ImmutableList.copyOf(fileIndependentOutputs);
    }

    /**
     * @param dataPredicate the query's predicate on the table's data columns (partition and file columns left out)
     */
    static ParquetReadPlan create(MessageType fileSchema, List<LakehouseColumnHandle> columns, TupleDomain<LakehouseColumnHandle> dataPredicate)
    {
        // the file's own field for each requested data column, by physical name
        Map<String, Type> fileFields = new HashMap<>();
        for (LakehouseColumnHandle column : columns) {
            if (!isConstant(column) && !MergeRowId.isRowId(column)) {
                fileField(column, fileSchema).ifPresent(field -> fileFields.put(column.physicalName(), field));
            }
        }
        for (LakehouseColumnHandle column : dataPredicate.getDomains().orElse(ImmutableMap.of()).keySet()) {
            fileField(column, fileSchema).ifPresent(field -> fileFields.put(column.physicalName(), field));
        }
        MessageType requestedSchema = new MessageType(fileSchema.getName(), ImmutableList.copyOf(fileFields.values()));
        MessageColumnIO messageColumnIO = getColumnIO(fileSchema, requestedSchema);
        Map<List<String>, ColumnDescriptor> descriptorsByPath = getDescriptors(fileSchema, requestedSchema);
        RowGroupFilter rowGroupFilter = new RowGroupFilter(requestedSchema, descriptorsByPath, parquetPredicate(dataPredicate, fileFields, descriptorsByPath));

        List<Column> readerColumns = new ArrayList<>();
        List<Optional<LakehousePageSource.OutputColumn>> outputs = new ArrayList<>();
        for (LakehouseColumnHandle column : columns) {
            if (isConstant(column) || MergeRowId.isRowId(column)) {
                outputs.add(Optional.empty());
                continue;
            }
            Type fileField = fileFields.get(column.physicalName());
            ColumnIO columnIO = fileField == null ? null : lookupColumnByName(messageColumnIO, fileField.getName());
            Optional<io.trino.spi.type.Type> narrowerFileType = fileField == null ? Optional.empty() : WidenedTypes.narrowerFileType(fileField, column.physicalType());
            Optional<Field> field = columnIO == null ? Optional.empty() : constructField(narrowerFileType.orElse(column.physicalType()), columnIO);
            if (field.isEmpty()) {
                // a column added after this file was written reads as NULL
                outputs.add(Optional.of(LakehousePageSource.OutputColumn.constant(nativeValueToBlock(column.type(), null))));
                continue;
            }
            int channel = readerColumns.size();
            outputs.add(Optional.of(narrowerFileType
                    .map(fileType -> LakehousePageSource.OutputColumn.fromReader(channel, new WidenedTypes.Widening(fileType, column.physicalType())))
                    .orElseGet(() -> LakehousePageSource.OutputColumn.fromReader(channel))));
            readerColumns.add(new Column(column.name(), field.get()));
        }
        return new ParquetReadPlan(fileSchema, dataPredicate, columns, rowGroupFilter, readerColumns, outputs);
    }

    /**
     * Whether this plan reads a file of the given schema for the given predicate.
     */
    boolean appliesTo(MessageType otherFileSchema, TupleDomain<LakehouseColumnHandle> otherDataPredicate)
    {
        return fileSchema.equals(otherFileSchema) && dataPredicate.equals(otherDataPredicate);
    }

    RowGroupFilter rowGroupFilter()
    {
        return rowGroupFilter;
    }

    List<Column> readerColumns()
    {
        return readerColumns;
    }

    /**
     * The output columns for one file, given its partition and file columns' values (by column name) and its path.
     */
    List<LakehousePageSource.OutputColumn> outputColumns(Map<String, Object> constantValues, String filePath)
    {
        ImmutableList.Builder<LakehousePageSource.OutputColumn> outputs = ImmutableList.builderWithExpectedSize(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            LakehouseColumnHandle column = columns.get(i);
            outputs.add(fileIndependentOutputs.get(i).orElseGet(() -> MergeRowId.isRowId(column)
                    ? LakehousePageSource.OutputColumn.rowId(utf8Slice(filePath))
                    : LakehousePageSource.OutputColumn.constant(nativeValueToBlock(column.type(), constantValues.get(column.name())))));
        }
        return outputs.build();
    }

    /**
     * Partition and file columns: one value for every row of a file.
     */
    static boolean isConstant(LakehouseColumnHandle column)
    {
        return column.partitionKey() || FileColumns.isFileColumn(column);
    }

    /**
     * The file's field of a column: by its physical name, else (under column mapping, for files written with other
     * names) by its field id, which Delta never gives to another column.
     */
    private static Optional<Type> fileField(LakehouseColumnHandle column, MessageType fileSchema)
    {
        Type byName = getParquetTypeByName(column.physicalName(), fileSchema);
        if (byName != null || column.fieldIds().isEmpty()) {
            return Optional.ofNullable(byName);
        }
        int id = column.fieldIds().get().id();
        return fileSchema.getFields().stream()
                .filter(field -> field.getId() != null && field.getId().intValue() == id)
                .findFirst();
    }

    private static TupleDomain<ColumnDescriptor> parquetPredicate(
            TupleDomain<LakehouseColumnHandle> dataPredicate,
            Map<String, Type> fileFields,
            Map<List<String>, ColumnDescriptor> descriptorsByPath)
    {
        ImmutableMap.Builder<ColumnDescriptor, Domain> domains = ImmutableMap.builder();
        dataPredicate.getDomains().orElse(ImmutableMap.of()).forEach((column, domain) -> {
            Type field = fileFields.get(column.physicalName());
            // a domain of the table's type says nothing a reader of a narrower file type could use
            if (field != null && field.isPrimitive() && WidenedTypes.narrowerFileType(field, column.physicalType()).isEmpty()) {
                ColumnDescriptor descriptor = descriptorsByPath.get(ImmutableList.of(field.getName()));
                if (descriptor != null) {
                    domains.put(descriptor, domain);
                }
            }
        });
        return TupleDomain.withColumnDomains(domains.buildKeepingLast());
    }
}
