package dev.lakehouse.trino.write;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.stats.FileStatistics;
import dev.lakehouse.stats.FileStatisticsCollector;
import dev.lakehouse.stats.ParquetFooterStatistics;
import dev.lakehouse.stats.StatisticsJson;
import dev.lakehouse.transactionlog.DataFilePaths;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.LakehouseColumnHandle;
import io.airlift.units.DataSize;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.memory.context.AggregatedMemoryContext;
import io.trino.parquet.writer.ParquetSchemaConverter;
import io.trino.parquet.writer.ParquetWriter;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.Page;
import io.trino.spi.type.Type;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.memory.context.AggregatedMemoryContext.newSimpleAggregatedMemoryContext;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MILLIS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static java.util.Objects.requireNonNull;

/**
 * Writes one Parquet data file and collects its statistics; on commit returns the file's {@code add} action.
 * Delta's {@code timestamp} (with time zone) is stored as an instant: INT64 milliseconds adjusted to UTC.
 */
final class DataFileWriter
        implements Closeable
{
    private final TrinoFileSystem fileSystem;
    private final Location location;
    private final String relativePath;
    private final Map<String, String> partitionValues;
    private final List<LakehouseColumnHandle> dataColumns;
    private final ParquetWriter writer;
    // columns whose statistics the Parquet writer keeps exactly come from the footer; the collector sees the others
    private final Map<String, Type> footerStatisticsColumns;
    private final int[] collectedChannels;
    private final FileStatisticsCollector statistics;
    private final AggregatedMemoryContext memoryContext = newSimpleAggregatedMemoryContext();
    private final long rowGroupSize;
    private long rows;
    private long rowsWrittenOut;

    /**
     * @param rowGroupSize when a row group is written out, in the writer's estimate of the buffered bytes (see
     *         {@link FileSizeCalibration#rowGroupSize()})
     */
    DataFileWriter(TrinoFileSystem fileSystem, Location tableLocation, String relativePath, Map<String, String> partitionValues, List<LakehouseColumnHandle> dataColumns, DataFileCompression compression, long rowGroupSize, String trinoVersion)
            throws IOException
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.location = tableLocation.appendPath(relativePath);
        this.relativePath = requireNonNull(relativePath, "relativePath is null");
        this.partitionValues = requireNonNull(partitionValues, "partitionValues is null");
        this.dataColumns = ImmutableList.copyOf(dataColumns);
        this.rowGroupSize = rowGroupSize;

        this.writer = newParquetWriter(fileSystem.newOutputFile(location).create(memoryContext), dataColumns, compression, rowGroupSize, trinoVersion);
        ImmutableMap.Builder<String, Type> footerColumns = ImmutableMap.builder();
        List<Integer> collected = new ArrayList<>();
        for (int channel = 0; channel < dataColumns.size(); channel++) {
            LakehouseColumnHandle column = dataColumns.get(channel);
            if (ParquetFooterStatistics.covers(column.type())) {
                footerColumns.put(column.physicalName(), column.type());
            }
            else {
                collected.add(channel);
            }
        }
        this.footerStatisticsColumns = footerColumns.buildOrThrow();
        this.collectedChannels = collected.stream().mapToInt(Integer::intValue).toArray();
        List<LakehouseColumnHandle> collectedColumns = collected.stream().map(dataColumns::get).toList();
        this.statistics = new FileStatisticsCollector(physicalNames(collectedColumns), collectedColumns.stream().map(LakehouseColumnHandle::type).toList());
    }

    /**
     * @param rowGroupSize when a row group is written out, in the writer's estimate of the buffered bytes
     */
    static ParquetWriter newParquetWriter(OutputStream output, List<LakehouseColumnHandle> dataColumns, DataFileCompression compression, long rowGroupSize, String trinoVersion)
    {
        // the schema converter has no time zone types: convert as timestamp(3), then mark those columns UTC-adjusted
        List<Type> converterTypes = dataColumns.stream().map(column -> column.type().equals(TIMESTAMP_TZ_MILLIS) ? TIMESTAMP_MILLIS : column.physicalType()).toList();
        ParquetSchemaConverter schemaConverter = new ParquetSchemaConverter(converterTypes, physicalNames(dataColumns), false, false);
        Map<List<String>, Type> primitiveTypes = new HashMap<>(schemaConverter.getPrimitiveTypes());
        dataColumns.stream()
                .filter(column -> column.type().equals(TIMESTAMP_TZ_MILLIS))
                .forEach(column -> primitiveTypes.put(ImmutableList.of(column.physicalName()), TIMESTAMP_TZ_MILLIS));
        return new ParquetWriter(
                output,
                fileSchema(schemaConverter.getMessageType(), dataColumns),
                primitiveTypes,
                ParquetWriterOptions.builder().setMaxBlockSize(DataSize.ofBytes(rowGroupSize)).build(),
                compression.parquetCodec(),
                trinoVersion,
                Optional.empty(),
                Optional.empty());
    }

    /**
     * @param page the data columns only, in {@code dataColumns} order
     */
    void write(Page page)
            throws IOException
    {
        statistics.addPage(page.getColumns(collectedChannels));
        // in slices of at most an eighth of a row group, so that when a row group goes out, the rows of the slice
        // that filled it are the only ones whose side of the flush is unknown
        long bytesPerRow = Math.max(1, page.getSizeInBytes() / page.getPositionCount());
        int sliceRows = (int) Math.clamp(rowGroupSize / 8 / bytesPerRow, 1, page.getPositionCount());
        for (int offset = 0; offset < page.getPositionCount(); offset += sliceRows) {
            int count = Math.min(sliceRows, page.getPositionCount() - offset);
            long writtenBefore = writer.getWrittenBytes();
            writer.write(count == page.getPositionCount() ? page : page.getRegion(offset, count));
            rows += count;
            if (writer.getWrittenBytes() > writtenBefore) {
                rowsWrittenOut = rows;
            }
        }
    }

    /** Rows in the row group being filled (the rows of the slice that made a row group go out count as written out). */
    long bufferedRows()
    {
        return rows - rowsWrittenOut;
    }

    long estimatedSize()
    {
        return writtenBytes() + bufferedBytes();
    }

    /** Bytes of the row groups already written out: exact. */
    long writtenBytes()
    {
        return writer.getWrittenBytes();
    }

    /** The current row group's pages, an estimate: values not yet encoded count raw, dictionaries not at all. */
    long bufferedBytes()
    {
        return writer.getBufferedBytes();
    }

    long memoryUsage()
    {
        return writer.getRetainedBytes() + memoryContext.getBytes();
    }

    AddFileEntry commit()
            throws IOException
    {
        writer.close();
        FileStatistics fileStatistics = statistics.build().withColumnsOf(ParquetFooterStatistics.read(writer.getFileMetaData(), footerStatisticsColumns));
        Map<String, Type> columnTypes = dataColumns.stream().collect(ImmutableMap.toImmutableMap(LakehouseColumnHandle::physicalName, LakehouseColumnHandle::type));
        return new AddFileEntry(
                DataFilePaths.toRelativeUri(relativePath),
                partitionValues,
                writer.getWrittenBytes(),
                System.currentTimeMillis(),
                true,
                Optional.of(StatisticsJson.serialize(fileStatistics, columnTypes)),
                ImmutableMap.of(),
                Optional.empty());
    }

    void rollback()
    {
        try (this) {
            fileSystem.deleteFile(location);
        }
        catch (IOException e) {
            // an orphaned file is invisible to readers: it is not in the log
        }
    }

    @Override
    public void close()
            throws IOException
    {
        writer.close();
    }

    private static List<String> physicalNames(List<LakehouseColumnHandle> columns)
    {
        return columns.stream().map(LakehouseColumnHandle::physicalName).toList();
    }

    /**
     * The converter's schema with what it cannot express: Delta's {@code timestamp} is an instant, annotated as
     * adjusted to UTC as Spark and Trino's Delta connector expect; under column mapping, the field ids.
     */
    private static MessageType fileSchema(MessageType schema, List<LakehouseColumnHandle> columns)
    {
        ImmutableList.Builder<org.apache.parquet.schema.Type> fields = ImmutableList.builder();
        for (int i = 0; i < columns.size(); i++) {
            LakehouseColumnHandle column = columns.get(i);
            org.apache.parquet.schema.Type field = schema.getType(i);
            if (column.type().equals(TIMESTAMP_TZ_MILLIS)) {
                PrimitiveType primitive = field.asPrimitiveType();
                field = new PrimitiveType(primitive.getRepetition(), primitive.getPrimitiveTypeName(), primitive.getName())
                        .withLogicalTypeAnnotation(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS));
            }
            if (column.fieldIds().isPresent()) {
                field = ParquetFieldIds.withIds(field, column.fieldIds().get());
            }
            fields.add(field);
        }
        return new MessageType(schema.getName(), fields.build());
    }
}
