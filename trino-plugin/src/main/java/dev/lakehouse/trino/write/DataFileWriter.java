package dev.lakehouse.trino.write;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.stats.FileStatisticsCollector;
import dev.lakehouse.stats.StatisticsJson;
import dev.lakehouse.transactionlog.DataFilePaths;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.LakehouseColumnHandle;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.memory.context.AggregatedMemoryContext;
import io.trino.parquet.writer.ParquetSchemaConverter;
import io.trino.parquet.writer.ParquetWriter;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.type.Type;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.memory.context.AggregatedMemoryContext.newSimpleAggregatedMemoryContext;
import static io.trino.spi.type.DateTimeEncoding.unpackMillisUtc;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MICROS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static java.util.Objects.requireNonNull;

/**
 * Writes one Parquet data file and collects its statistics; on commit returns the file's {@code add} action.
 * Delta stores {@code timestamp} (with time zone) as UTC microseconds, so those columns are converted on the way.
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
    private final FileStatisticsCollector statistics;
    private final AggregatedMemoryContext memoryContext = newSimpleAggregatedMemoryContext();

    DataFileWriter(TrinoFileSystem fileSystem, Location tableLocation, String relativePath, Map<String, String> partitionValues, List<LakehouseColumnHandle> dataColumns, String trinoVersion)
            throws IOException
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.location = tableLocation.appendPath(relativePath);
        this.relativePath = requireNonNull(relativePath, "relativePath is null");
        this.partitionValues = requireNonNull(partitionValues, "partitionValues is null");
        this.dataColumns = ImmutableList.copyOf(dataColumns);

        List<Type> fileTypes = dataColumns.stream().map(column -> fileType(column.type())).toList();
        List<String> names = dataColumns.stream().map(LakehouseColumnHandle::physicalName).toList();
        ParquetSchemaConverter schemaConverter = new ParquetSchemaConverter(fileTypes, names, false, false);
        this.writer = new ParquetWriter(
                fileSystem.newOutputFile(location).create(memoryContext),
                markUtcAdjusted(schemaConverter.getMessageType(), dataColumns),
                schemaConverter.getPrimitiveTypes(),
                ParquetWriterOptions.builder().build(),
                CompressionCodec.SNAPPY,
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
        Block[] blocks = new Block[page.getChannelCount()];
        for (int channel = 0; channel < blocks.length; channel++) {
            Block block = page.getBlock(channel);
            blocks[channel] = dataColumns.get(channel).type().equals(TIMESTAMP_TZ_MILLIS) ? toUtcMicros(block) : block;
        }
        writer.write(new Page(page.getPositionCount(), blocks));
    }

    long estimatedSize()
    {
        return writer.getWrittenBytes() + writer.getBufferedBytes();
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

    private static Type fileType(Type type)
    {
        return type.equals(TIMESTAMP_TZ_MILLIS) ? TIMESTAMP_MICROS : type;
    }

    private static Block toUtcMicros(Block block)
    {
        BlockBuilder builder = TIMESTAMP_MICROS.createBlockBuilder(null, block.getPositionCount());
        for (int position = 0; position < block.getPositionCount(); position++) {
            if (block.isNull(position)) {
                builder.appendNull();
            }
            else {
                TIMESTAMP_MICROS.writeLong(builder, unpackMillisUtc(TIMESTAMP_TZ_MILLIS.getLong(block, position)) * 1000);
            }
        }
        return builder.build();
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
                        .withLogicalTypeAnnotation(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
            }
            fields.add(field);
        }
        return new MessageType(schema.getName(), fields.build());
    }
}
