package dev.lakehouse.transactionlog.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.local.LocalFileSystem;
import io.trino.parquet.writer.ParquetSchemaConverter;
import io.trino.parquet.writer.ParquetWriter;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.Page;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.MapBlockBuilder;
import io.trino.spi.block.RowBlockBuilder;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Int128;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.joda.time.DateTimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS;
import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MILLIS;
import static io.trino.spi.type.TypeUtils.writeNativeValue;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader takes {@code stats_parsed} as the checkpoint's own footer declares it, whatever layout its writer chose.
 */
final class TestParsedStatistics
{
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TrinoFileSystem FILE_SYSTEM = new LocalFileSystem(Path.of("/"));
    private static final DecimalType SHORT_DECIMAL = DecimalType.createDecimalType(9, 2);
    private static final DecimalType LONG_DECIMAL = DecimalType.createDecimalType(25, 3);

    @TempDir
    Path directory;

    @Test
    void testStatsParsedOfAnotherWriter()
            throws Exception
    {
        // as Spark lays it out by default: INT96 timestamps, decimals as fixed-length binaries, tightBounds, and
        // fields in an order of its own, with column names in mixed case
        RowType values = RowType.from(ImmutableList.of(
                RowType.field("Instant", TIMESTAMP_MILLIS),
                RowType.field("price", SHORT_DECIMAL),
                RowType.field("Total", LONG_DECIMAL),
                RowType.field("nested", RowType.from(ImmutableList.of(RowType.field("Day", DATE), RowType.field("name", VARCHAR))))));
        RowType counts = RowType.from(ImmutableList.of(
                RowType.field("nested", RowType.from(ImmutableList.of(RowType.field("Day", BIGINT), RowType.field("name", BIGINT)))),
                RowType.field("Instant", BIGINT),
                RowType.field("flag", BIGINT)));
        RowType statsParsed = RowType.from(ImmutableList.of(
                RowType.field("numRecords", BIGINT),
                RowType.field("minValues", values),
                RowType.field("maxValues", values),
                RowType.field("nullCount", counts),
                RowType.field("tightBounds", BOOLEAN)));
        List<?> stats = List.of(
                7L,
                List.of(1_700_000_000_123_000L, 1234L, Int128.valueOf(-123456789012345678L), List.of(19000L, utf8Slice("a"))),
                List.of(1_700_000_001_999_000L, 99999L, Int128.valueOf(123456789012345678L), List.of(19001L, utf8Slice("zz"))),
                Arrays.asList(List.of(0L, 2L), 1L, 7L),
                true);

        Location checkpoint = Location.of("file://" + directory.resolve("00000000000000000001.checkpoint.parquet"));
        writeAddColumn(checkpoint, CheckpointSchema.addWithStatsParsed(statsParsed), ImmutableList.of(
                add("typed.parquet", null, stats),
                add("both.parquet", "{\"numRecords\":1}", stats),
                add("neither.parquet", null, null)));

        Map<String, Optional<String>> read = new HashMap<>();
        new ParquetCheckpointReader().read(FILE_SYSTEM, List.of(checkpoint), action -> read.put(((AddFileEntry) action).path(), ((AddFileEntry) action).stats()));

        assertThat(MAPPER.readTree(read.get("typed.parquet").orElseThrow())).isEqualTo(MAPPER.readTree("""
                {"numRecords":7,\
                "minValues":{"Instant":"2023-11-14T22:13:20.123Z","price":12.34,"Total":-123456789012345.678,"nested":{"Day":"2022-01-08","name":"a"}},\
                "maxValues":{"Instant":"2023-11-14T22:13:21.999Z","price":999.99,"Total":123456789012345.678,"nested":{"Day":"2022-01-09","name":"zz"}},\
                "nullCount":{"nested":{"Day":0,"name":2},"Instant":1,"flag":7},\
                "tightBounds":true}"""));
        // the JSON string, when there is one, is the statistics as written
        assertThat(read.get("both.parquet")).contains("{\"numRecords\":1}");
        assertThat(read.get("neither.parquet")).isEmpty();
    }

    @Test
    void testStatisticsThatCannotBeTypedAreLeftOut()
    {
        MessageType schema = MessageTypeParser.parseMessageType("""
                message checkpoint {
                  optional group add {
                    optional binary path (STRING);
                    optional group stats_parsed {
                      optional int64 numRecords;
                      optional group minValues {
                        optional int32 unsigned (INTEGER(32,false));
                        optional int64 nanos (TIMESTAMP(NANOS,true));
                        optional binary document (JSON);
                        optional fixed_len_byte_array(16) id (UUID);
                        optional group list_column (LIST) {
                          repeated group list {
                            optional int32 element;
                          }
                        }
                        optional int32 Day (DATE);
                      }
                      optional group maxValues {
                        optional int32 unsigned (INTEGER(32,false));
                      }
                    }
                  }
                }""");

        assertThat(ParsedStatistics.fromParquetSchema(schema, footerSchema(schema))).contains(RowType.from(ImmutableList.of(
                RowType.field("numRecords", BIGINT),
                RowType.field("minValues", RowType.from(ImmutableList.of(RowType.field("Day", DATE)))))));
    }

    /**
     * The schema elements of a footer: fields depth first, with their numbers of children.
     */
    private static List<SchemaElement> footerSchema(org.apache.parquet.schema.Type type)
    {
        SchemaElement element = new SchemaElement(type.getName());
        if (type.isPrimitive()) {
            return ImmutableList.of(element);
        }
        ImmutableList.Builder<SchemaElement> elements = ImmutableList.builder();
        elements.add(element.setNum_children(type.asGroupType().getFieldCount()));
        type.asGroupType().getFields().forEach(field -> elements.addAll(footerSchema(field)));
        return elements.build();
    }

    private static List<?> add(String path, String stats, List<?> statsParsed)
    {
        return Arrays.asList(path, Map.of(), 100L, 1L, true, stats == null ? null : utf8Slice(stats), Map.of(), null, null, statsParsed);
    }

    private static void writeAddColumn(Location location, RowType addType, List<List<?>> adds)
            throws IOException
    {
        ParquetSchemaConverter schema = new ParquetSchemaConverter(ImmutableList.of(addType), ImmutableList.of("add"), true, true);
        BlockBuilder builder = addType.createBlockBuilder(null, adds.size());
        adds.forEach(add -> write(addType, builder, add));
        try (ParquetWriter writer = new ParquetWriter(
                FILE_SYSTEM.newOutputFile(location).create(),
                schema.getMessageType(),
                schema.getPrimitiveTypes(),
                ParquetWriterOptions.builder().build(),
                CompressionCodec.SNAPPY,
                "another writer",
                Optional.of(DateTimeZone.UTC),
                Optional.empty())) {
            writer.write(new Page(adds.size(), builder.build()));
        }
    }

    private static void write(Type type, BlockBuilder builder, Object value)
    {
        if (value == null) {
            builder.appendNull();
            return;
        }
        switch (type) {
            case RowType row -> ((RowBlockBuilder) builder).buildEntry(fields -> {
                List<?> fieldValues = new ArrayList<>((List<?>) value);
                for (int i = 0; i < row.getFields().size(); i++) {
                    write(row.getFields().get(i).getType(), fields.get(i), fieldValues.get(i));
                }
            });
            case MapType map -> ((MapBlockBuilder) builder).buildEntry((keys, mapValues) -> ((Map<?, ?>) value).forEach((key, mapValue) -> {
                write(map.getKeyType(), keys, key);
                write(map.getValueType(), mapValues, mapValue);
            }));
            default -> writeNativeValue(type, builder, value);
        }
    }
}
