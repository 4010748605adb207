package dev.lakehouse.trino.write;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.stats.FileStatisticsCollector;
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
    // row groups well below the target file size: a large file is read by several splits in parallel,
    // and row-group statistics skip parts of a file that the file's statistics cannot
    private static final long MAX_ROW_GROUP_SIZE = DataSize.of(32, DataSize.Unit.MEGABYTE).toBytes();
    private static final long MIN_ROW_GROUP_SIZE = DataSize.of(16, DataSize.Unit.KILOBYTE).toBytes();

    private final TrinoFileSystem fileSystem;
    private final Location location;
    private final String relativePath;
    private final Map<String, String> partitionValues;
    private final List<LakehouseColumnHandle> dataColumns;
    private final ParquetWriter writer;
    private final FileStatisticsCollector statistics;
    private final AggregatedMemoryContext memoryContext = newSimpleAggregatedMemoryContext();

    /**
     * @param targetFileSize where the caller will close the file: row groups of at most a quarter of it are written out
     *         as they fill, so the bytes written tell the file's size well before it is closed (buffered pages are
     *         only an estimate before compression and encoding)
     */
    DataFileWriter(TrinoFileSystem fileSystem, Location tableLocation, String relativePath, Map<String, String> partitionValues, List<LakehouseColumnHandle> dataColumns, DataFileCompression compression, long targetFileSize, String trinoVersion)
            throws IOException
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.location = tableLocation.appendPath(relativePath);
        this.relativePath = requireNonNull(relativePath, "relativePath is null");
        this.partitionValues = requireNonNull(partitionValues, "partitionValues is null");
        this.dataColumns = ImmutableList.copyOf(dataColumns);

        // the schema converter has no time zone types: convert as timestamp(3), then mark those columns UTC-adjusted
        List<Type> converterTypes = dataColumns.stream().map(column -> column.type().equals(TIMESTAMP_TZ_MILLIS) ? TIMESTAMP_MILLIS : column.type()).toList();
        List<String> names = dataColumns.stream().map(LakehouseColumnHandle::physicalName).toList();
        ParquetSchemaConverter schemaConverter = new ParquetSchemaConverter(converterTypes, names, false, false);
        Map<List<String>, Type> primitiveTypes = new HashMap<>(schemaConverter.getPrimitiveTypes());
        dataColumns.stream()
                .filter(column -> column.type().equals(TIMESTAMP_TZ_MILLIS))
                .forEach(column -> primitiveTypes.put(ImmutableList.of(column.physicalName()), TIMESTAMP_TZ_MILLIS));
        this.writer = new ParquetWriter(
                fileSystem.newOutputFile(location).create(memoryContext),
                markUtcAdjusted(schemaConverter.getMessageType(), dataColumns),
                primitiveTypes,
                ParquetWriterOptions.builder().setMaxBlockSize(DataSize.ofBytes(Math.clamp(targetFileSize / 4, MIN_ROW_GROUP_SIZE, MAX_ROW_GROUP_SIZE))).build(),
                compression.parquetCodec(),
                trinoVersion,
                Optional.empty(),
                Optional.empty());
        this.statistics = new FileStatisticsCollector(names, dataColumns.stream().map(LakehouseColumnHandle::type).toList());
    }

    /**
     * @param page the data columns only, in {@code dataColumns} order
     */
    void write(Page page)
            throws IOException
    {
        statistics.addPage(page);
        writer.write(page);
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
        Map<String, Type> columnTypes = dataColumns.stream().collect(ImmutableMap.toImmutableMap(LakehouseColumnHandle::physicalName, LakehouseColumnHandle::type));
        return new AddFileEntry(
                DataFilePaths.toRelativeUri(relativePath),
                partitionValues,
                writer.getWrittenBytes(),
                System.currentTimeMillis(),
                true,
                Optional.of(StatisticsJson.serialize(statistics.build(), columnTypes)),
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

    /**
     * Delta's {@code timestamp} is an instant: annotate it as adjusted to UTC, as Spark and Trino's Delta connector expect.
     */
    private static MessageType markUtcAdjusted(MessageType schema, List<LakehouseColumnHandle> columns)
    {
        ImmutableList.Builder<org.apache.parquet.schema.Type> fields = ImmutableList.builder();
        for (int i = 0; i < columns.size(); i++) {
            org.apache.parquet.schema.Type field = schema.getType(i);
            if (columns.get(i).type().equals(TIMESTAMP_TZ_MILLIS)) {
                PrimitiveType primitive = field.asPrimitiveType();
                field = new PrimitiveType(primitive.getRepetition(), primitive.getPrimitiveTypeName(), primitive.getName())
                        .withLogicalTypeAnnotation(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS));
            }
            fields.add(field);
        }
        return new MessageType(schema.getName(), fields.build());
    }
}
