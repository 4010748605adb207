package dev.lakehouse.trino.read;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.lakehouse.transactionlog.DataFilePaths;
import dev.lakehouse.transactionlog.deletionvectors.DeletedRows;
import dev.lakehouse.transactionlog.deletionvectors.DeletionVectorReader;
import dev.lakehouse.transactionlog.parquet.ParquetFileDataSource;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.LakehouseConfig;
import dev.lakehouse.trino.LakehouseSplit;
import dev.lakehouse.trino.LakehouseTableHandle;
import dev.lakehouse.trino.PartitionValues;
import dev.lakehouse.trino.SmallFilesSplit;
import dev.lakehouse.trino.merge.MergeRowId;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.filesystem.TrinoInputFile;
import io.trino.memory.context.AggregatedMemoryContext;
import io.trino.parquet.Column;
import io.trino.parquet.Field;
import io.trino.parquet.ParquetCorruptionException;
import io.trino.parquet.ParquetDataSource;
import io.trino.parquet.ParquetReaderOptions;
import io.trino.parquet.reader.ParquetReader;
import io.trino.parquet.reader.RowGroupInfo;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorPageSourceProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplit;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.connector.EmptyPageSource;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.TupleDomain;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.ColumnIO;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.joda.time.DateTimeZone;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_BAD_DATA;
import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_MISSING_DATA_FILE;
import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.memory.context.AggregatedMemoryContext.newSimpleAggregatedMemoryContext;
import static io.trino.parquet.ParquetTypeUtils.constructField;
import static io.trino.parquet.ParquetTypeUtils.getColumnIO;
import static io.trino.parquet.ParquetTypeUtils.getDescriptors;
import static io.trino.parquet.ParquetTypeUtils.getParquetTypeByName;
import static io.trino.parquet.ParquetTypeUtils.lookupColumnByName;
import static io.trino.spi.predicate.Utils.nativeValueToBlock;
import static java.util.Objects.requireNonNull;

/**
 * Opens the Parquet file of a split and reads only the requested columns and the row groups whose statistics
 * can match the query's predicate (including dynamic filters that arrived since the split was created).
 */
public final class LakehousePageSourceProvider
        implements ConnectorPageSourceProvider
{
    private final TrinoFileSystemFactory fileSystemFactory;
    private final ParquetReaderOptions readerOptions = ParquetReaderOptions.defaultOptions();
    // a read that produces row ids must see every row of the row groups it reads, for positions to count right
    private final ParquetReaderOptions wholeRowGroupOptions = ParquetReaderOptions.builder(readerOptions).withUseColumnIndex(false).build();

    private final FooterCache footers;

    @Inject
    public LakehousePageSourceProvider(TrinoFileSystemFactory fileSystemFactory, LakehouseConfig config)
    {
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.footers = new FooterCache(config.getFooterCacheSize().toBytes());
    }

    @Override
    public ConnectorPageSource createPageSource(
            ConnectorTransactionHandle transaction,
            ConnectorSession session,
            ConnectorSplit connectorSplit,
            ConnectorTableHandle connectorTable,
            List<ColumnHandle> columnHandles,
            DynamicFilter dynamicFilter)
    {
        LakehouseTableHandle table = (LakehouseTableHandle) connectorTable;
        List<LakehouseColumnHandle> columns = columnHandles.stream().map(LakehouseColumnHandle.class::cast).collect(ImmutableList.toImmutableList());
        if (connectorSplit instanceof SmallFilesSplit smallFiles) {
            return new SmallFilesPageSource(smallFiles.files(), file -> createPageSource(session, file, table, columns, dynamicFilter));
        }
        return createPageSource(session, (LakehouseSplit) connectorSplit, table, columns, dynamicFilter);
    }

    private ConnectorPageSource createPageSource(ConnectorSession session, LakehouseSplit split, LakehouseTableHandle table, List<LakehouseColumnHandle> columns, DynamicFilter dynamicFilter)
    {
        // a rewrite's data predicate chose its files; each of them is rewritten whole, so it must not skip row groups
        TupleDomain<LakehouseColumnHandle> dataConstraint = table.rewritesFiles() ? TupleDomain.all() : table.dataConstraint();
        TupleDomain<LakehouseColumnHandle> predicate = dataConstraint
                .intersect(table.partitionConstraint())
                .intersect(dynamicFilter.getCurrentPredicate().transformKeys(LakehouseColumnHandle.class::cast));
        Map<String, Object> constantValues = constantValues(split, Location.of(table.location()), columns);
        if (predicate.isNone() || !partitionMatches(split, predicate) || !FileColumns.matches(predicate, split, Location.of(table.location()))) {
            return new EmptyPageSource();
        }

        TupleDomain<LakehouseColumnHandle> dataPredicate = predicate.filter((column, _) -> !isConstant(column));
        if (split.fileRowCount().isPresent() && dataPredicate.isAll() && columns.stream().allMatch(LakehousePageSourceProvider::isConstant)) {
            // count(*) and queries on partition columns only: the log knows the rows, the file need not be opened
            return RowCountPageSource.create(split.start() == 0 ? split.fileRowCount().getAsLong() : 0, columns, constantValues);
        }

        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        DeletedRows deletedRows = split.deletionVector()
                .map(deletionVector -> DeletionVectorReader.read(fileSystem, Location.of(table.location()), deletionVector))
                .orElse(DeletedRows.NONE);

        Location location = DataFilePaths.resolve(Location.of(table.location()), split.path());
        TrinoInputFile inputFile = fileSystem.newInputFile(location, split.fileSize());
        ParquetDataSource dataSource = null;
        try {
            // row ids and deletion vectors count rows by their position in the file
            boolean positional = !deletedRows.isEmpty() || columns.stream().anyMatch(MergeRowId::isRowId);
            ParquetReaderOptions options = positional ? wholeRowGroupOptions : readerOptions;
            dataSource = new ParquetFileDataSource(inputFile, split.fileSize(), options);
            return createPageSource(table, dataSource, split, columns, constantValues, dataPredicate, options, deletedRows);
        }
        catch (RuntimeException | IOException e) {
            closeQuietly(dataSource, e);
            throw translate(table, location, e);
        }
    }

    private ConnectorPageSource createPageSource(
            LakehouseTableHandle table,
            ParquetDataSource dataSource,
            LakehouseSplit split,
            List<LakehouseColumnHandle> columns,
            Map<String, Object> constantValues,
            TupleDomain<LakehouseColumnHandle> dataPredicate,
            ParquetReaderOptions options,
            DeletedRows deletedRows)
            throws IOException
    {
        AggregatedMemoryContext memoryContext = newSimpleAggregatedMemoryContext();
        FooterCache.Footer footer = footers.footer(dataSource, dataSource.getId().toString(), split.fileSize());
        MessageType fileSchema = footer.fileMetadata().getSchema();

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

        TupleDomain<ColumnDescriptor> parquetPredicate = parquetPredicate(dataPredicate, fileFields, descriptorsByPath);
        RowGroupFilter rowGroupFilter = new RowGroupFilter(requestedSchema, descriptorsByPath, parquetPredicate);
        List<RowGroupInfo> rowGroups = rowGroupFilter.rowGroups(dataSource, footer.rowGroups(), split.start(), split.length(), options);

        List<Column> readerColumns = new ArrayList<>();
        ImmutableList.Builder<LakehousePageSource.OutputColumn> outputColumns = ImmutableList.builder();
        for (LakehouseColumnHandle column : columns) {
            if (isConstant(column)) {
                outputColumns.add(LakehousePageSource.OutputColumn.constant(nativeValueToBlock(column.type(), constantValues.get(column.name()))));
                continue;
            }
            if (MergeRowId.isRowId(column)) {
                outputColumns.add(LakehousePageSource.OutputColumn.rowId(utf8Slice(split.path())));
                continue;
            }
            Type fileField = fileFields.get(column.physicalName());
            ColumnIO columnIO = fileField == null ? null : lookupColumnByName(messageColumnIO, fileField.getName());
            Optional<io.trino.spi.type.Type> narrowerFileType = fileField == null ? Optional.empty() : WidenedTypes.narrowerFileType(fileField, column.physicalType());
            Optional<Field> field = columnIO == null ? Optional.empty() : constructField(narrowerFileType.orElse(column.physicalType()), columnIO);
            if (field.isEmpty()) {
                // a column added after this file was written reads as NULL
                outputColumns.add(LakehousePageSource.OutputColumn.constant(nativeValueToBlock(column.type(), null)));
                continue;
            }
            outputColumns.add(narrowerFileType
                    .map(fileType -> LakehousePageSource.OutputColumn.fromReader(readerColumns.size(), new WidenedTypes.Widening(fileType, column.physicalType())))
                    .orElseGet(() -> LakehousePageSource.OutputColumn.fromReader(readerColumns.size())));
            readerColumns.add(new Column(column.name(), field.get()));
        }

        ParquetDataSource source = dataSource;
        ParquetReader reader = new ParquetReader(
                Optional.ofNullable(footer.fileMetadata().getCreatedBy()),
                readerColumns,
                false,
                rowGroups,
                dataSource,
                DateTimeZone.UTC,
                memoryContext,
                options,
                exception -> translate(table, Location.of(source.getId().toString()), exception),
                Optional.of(rowGroupFilter.statisticsPredicate()),
                Optional.empty());
        return new LakehousePageSource(reader, outputColumns.build(), deletedRows);
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

    /**
     * Partition and file columns: one value for every row of a split.
     */
    private static boolean isConstant(LakehouseColumnHandle column)
    {
        return column.partitionKey() || FileColumns.isFileColumn(column);
    }

    /**
     * The value of each partition and file column of the split, by column name.
     */
    private static Map<String, Object> constantValues(LakehouseSplit split, Location tableLocation, List<LakehouseColumnHandle> columns)
    {
        Map<String, Object> values = new HashMap<>();
        for (LakehouseColumnHandle column : columns) {
            if (column.partitionKey()) {
                values.put(column.name(), PartitionValues.deserialize(column.type(), split.partitionValues().getOrDefault(column.physicalName(), Optional.empty()), column.name()));
            }
            else if (FileColumns.isFileColumn(column)) {
                values.put(column.name(), FileColumns.value(column, split, tableLocation));
            }
        }
        return values;
    }

    private static boolean partitionMatches(LakehouseSplit split, TupleDomain<LakehouseColumnHandle> predicate)
    {
        for (Map.Entry<LakehouseColumnHandle, Domain> entry : predicate.getDomains().orElse(ImmutableMap.of()).entrySet()) {
            LakehouseColumnHandle column = entry.getKey();
            if (column.partitionKey()) {
                Object value = PartitionValues.deserialize(column.type(), split.partitionValues().getOrDefault(column.physicalName(), Optional.empty()), column.name());
                if (!entry.getValue().includesNullableValue(value)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static RuntimeException translate(LakehouseTableHandle table, Location location, Exception exception)
    {
        if (exception instanceof TrinoException trinoException) {
            return trinoException;
        }
        boolean missing = exception instanceof FileNotFoundException || (exception.getCause() instanceof FileNotFoundException);
        if (missing && table.timeTravel()) {
            return new TrinoException(LAKEHOUSE_MISSING_DATA_FILE, ("Version %s of table %s cannot be read: its data file %s no longer exists. Vacuum deletes the files that only " +
                    "versions older than its retention use; query a version within the retention").formatted(table.version(), table.schemaTableName(), location), exception);
        }
        if (missing) {
            return new TrinoException(LAKEHOUSE_MISSING_DATA_FILE, "Data file %s is listed in the transaction log but does not exist; restore it, or remove it from the table with a new commit".formatted(location), exception);
        }
        if (exception instanceof ParquetCorruptionException) {
            return new TrinoException(LAKEHOUSE_BAD_DATA, "Data file %s is not a valid Parquet file: %s".formatted(location, exception.getMessage()), exception);
        }
        return new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to read data file %s: %s".formatted(location, exception.getMessage()), exception);
    }

    private static void closeQuietly(ParquetDataSource dataSource, Exception primary)
    {
        if (dataSource == null) {
            return;
        }
        try {
            dataSource.close();
        }
        catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
