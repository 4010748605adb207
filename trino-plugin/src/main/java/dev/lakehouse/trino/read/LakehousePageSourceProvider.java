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
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.filesystem.TrinoInputFile;
import io.trino.memory.context.AggregatedMemoryContext;
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
import org.joda.time.DateTimeZone;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_BAD_DATA;
import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_MISSING_DATA_FILE;
import static io.trino.memory.context.AggregatedMemoryContext.newSimpleAggregatedMemoryContext;
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
    private final ReadPlanCache readPlans = new ReadPlanCache();

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
        List<LakehouseColumnHandle> columns = columnHandles.stream().map(LakehouseColumnHandle.class::cast).collect(ImmutableList.toImmutableList());
        TableScan scan = new TableScan((LakehouseTableHandle) connectorTable, columns, fileSystemFactory.create(session), dynamicFilter, readPlans);
        if (connectorSplit instanceof SmallFilesSplit smallFiles) {
            return new SmallFilesPageSource(smallFiles.files(), file -> createPageSource(scan, file));
        }
        return createPageSource(scan, (LakehouseSplit) connectorSplit);
    }

    private ConnectorPageSource createPageSource(TableScan scan, LakehouseSplit split)
    {
        LakehouseTableHandle table = scan.table();
        List<LakehouseColumnHandle> columns = scan.columns();
        TupleDomain<LakehouseColumnHandle> predicate = scan.predicate();
        if (predicate.isNone() || !partitionMatches(split, predicate) || !FileColumns.matches(predicate, split, scan.tableLocation())) {
            return new EmptyPageSource();
        }
        Map<String, Object> constantValues = constantValues(split, scan.tableLocation(), columns);
        if (split.fileRowCount().isPresent() && scan.dataPredicate().isAll() && columns.stream().allMatch(ParquetReadPlan::isConstant)) {
            // count(*) and queries on partition columns only: the log knows the rows, the file need not be opened
            return RowCountPageSource.create(split.start() == 0 ? split.fileRowCount().getAsLong() : 0, columns, constantValues);
        }

        DeletedRows deletedRows = split.deletionVector()
                .map(deletionVector -> DeletionVectorReader.read(scan.fileSystem(), scan.tableLocation(), deletionVector))
                .orElse(DeletedRows.NONE);

        Location location = DataFilePaths.resolve(scan.tableLocation(), split.path());
        TrinoInputFile inputFile = scan.fileSystem().newInputFile(location, split.fileSize());
        ParquetDataSource dataSource = null;
        try {
            // row ids and deletion vectors count rows by their position in the file
            boolean positional = !deletedRows.isEmpty() || columns.stream().anyMatch(MergeRowId::isRowId);
            ParquetReaderOptions options = positional ? wholeRowGroupOptions : readerOptions;
            dataSource = new ParquetFileDataSource(inputFile, split.fileSize(), options);
            return createPageSource(scan, dataSource, split, constantValues, options, deletedRows);
        }
        catch (RuntimeException | IOException e) {
            closeQuietly(dataSource, e);
            throw translate(table, location, e);
        }
    }

    private ConnectorPageSource createPageSource(
            TableScan scan,
            ParquetDataSource dataSource,
            LakehouseSplit split,
            Map<String, Object> constantValues,
            ParquetReaderOptions options,
            DeletedRows deletedRows)
            throws IOException
    {
        AggregatedMemoryContext memoryContext = newSimpleAggregatedMemoryContext();
        FooterCache.Footer footer = footers.footer(dataSource, dataSource.getId().toString(), split.fileSize());
        ParquetReadPlan plan = scan.plan(footer.fileMetadata().getSchema());
        RowGroupFilter rowGroupFilter = plan.rowGroupFilter();
        List<RowGroupInfo> rowGroups = rowGroupFilter.rowGroups(dataSource, footer.rowGroups(), split.start(), split.length(), options);

        ParquetDataSource source = dataSource;
        ParquetReader reader = new ParquetReader(
                Optional.ofNullable(footer.fileMetadata().getCreatedBy()),
                plan.readerColumns(),
                false,
                rowGroups,
                dataSource,
                DateTimeZone.UTC,
                memoryContext,
                options,
                exception -> translate(scan.table(), Location.of(source.getId().toString()), exception),
                Optional.of(rowGroupFilter.statisticsPredicate()),
                Optional.empty());
        return new LakehousePageSource(reader, plan.outputColumns(constantValues, split.path()), deletedRows);
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
