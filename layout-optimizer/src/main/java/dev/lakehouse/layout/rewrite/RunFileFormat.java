package dev.lakehouse.layout.rewrite;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.airlift.units.DataSize;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.memory.context.AggregatedMemoryContext;
import io.trino.parquet.writer.ParquetSchemaConverter;
import io.trino.parquet.writer.ParquetWriter;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeOperators;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static io.trino.spi.type.BigintType.BIGINT;
import static java.util.Objects.requireNonNull;

/**
 * The Parquet layout of a sorted run: the data channels as columns {@code c0..cN-1}, then the key as two
 * BIGINT columns {@code key_high} and {@code key_low}, so the merge reads keys back instead of recomputing them.
 *
 * <p>Run files must give back exactly the values written. Parquet has no timestamp with a time zone: the
 * data files store an instant and lose the zone. Here {@code timestamp(p) with time zone} for {@code p <= 3}
 * is written as the BIGINT it is packed in (millis and zone key), also inside arrays, maps and rows; the blocks
 * read back have the same structure, so {@code Type.appendTo} of the original type copies them unchanged.
 * Row fields get fixed names, since anonymous fields have no Parquet name.
 */
final class RunFileFormat
{
    static final String KEY_HIGH = "key_high";
    static final String KEY_LOW = "key_low";
    private static final String CREATED_BY = "lakehouse-sort-run";
    // fast to compress and decompress, and supported by trino-parquet's writer (LZ4_RAW is not); runs live only for one sort
    private static final CompressionCodec CODEC = CompressionCodec.SNAPPY;
    private static final TypeOperators TYPE_OPERATORS = new TypeOperators();

    private final List<Type> fileTypes;
    private final List<String> names;
    private final MessageType schema;
    private final Map<List<String>, Type> primitiveTypes;
    private final DataSize rowGroupSize;

    RunFileFormat(List<Type> types, DataSize rowGroupSize)
    {
        this.fileTypes = ImmutableList.<Type>builder()
                .addAll(types.stream().map(RunFileFormat::fileType).toList())
                .add(BIGINT, BIGINT)
                .build();
        this.names = ImmutableList.<String>builder()
                .addAll(IntStream.range(0, types.size()).mapToObj(channel -> "c" + channel).toList())
                .add(KEY_HIGH, KEY_LOW)
                .build();
        // fails here, when the sorter is created, for a type Parquet cannot hold
        ParquetSchemaConverter converter = new ParquetSchemaConverter(fileTypes, names, false, false);
        this.schema = converter.getMessageType();
        this.primitiveTypes = ImmutableMap.copyOf(converter.getPrimitiveTypes());
        this.rowGroupSize = requireNonNull(rowGroupSize, "rowGroupSize is null");
    }

    /** Types of the file's columns: the data channels' file types, then the two key columns. */
    List<Type> fileTypes()
    {
        return fileTypes;
    }

    List<String> names()
    {
        return names;
    }

    ParquetWriter createWriter(TrinoFileSystem fileSystem, Location location, AggregatedMemoryContext memoryContext)
            throws IOException
    {
        return new ParquetWriter(
                fileSystem.newOutputFile(location).create(memoryContext),
                schema,
                primitiveTypes,
                ParquetWriterOptions.builder().setMaxBlockSize(rowGroupSize).build(),
                CODEC,
                CREATED_BY,
                Optional.empty(),
                Optional.empty());
    }

    static Type fileType(Type type)
    {
        return switch (type) {
            case TimestampWithTimeZoneType timestamp when timestamp.isShort() -> BIGINT;
            case ArrayType array -> new ArrayType(fileType(array.getElementType()));
            case MapType map -> new MapType(fileType(map.getKeyType()), fileType(map.getValueType()), TYPE_OPERATORS);
            case RowType row -> RowType.from(IntStream.range(0, row.getFields().size())
                    .mapToObj(index -> RowType.field("f" + index, fileType(row.getFields().get(index).getType())))
                    .collect(toImmutableList()));
            default -> type;
        };
    }
}
