package dev.lakehouse.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointReader;
import dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointWriter;
import dev.lakehouse.transactionlog.schema.DeltaSchemaCodec;
import dev.lakehouse.transactionlog.schema.DeltaType;
import dev.lakehouse.transactionlog.schema.StructField;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.local.LocalFileSystem;
import io.trino.spi.Page;
import io.trino.spi.TrinoException;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Int128;
import io.trino.spi.type.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS;
import static dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointWriter.WRITE_STATS_AS_JSON;
import static dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointWriter.WRITE_STATS_AS_STRUCT;
import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MICROS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.TinyintType.TINYINT;
import static io.trino.spi.type.TypeUtils.writeNativeValue;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.Float.floatToRawIntBits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checkpoints that keep file statistics only as the typed {@code add.stats_parsed} struct: what the writer puts in
 * the struct, the reader turns back into the same JSON statistics, for every type that has statistics.
 */
final class TestCheckpointStatisticsStruct
{
    // decimals compare by their exact digits, not as doubles
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TrinoFileSystem FILE_SYSTEM = new LocalFileSystem(Path.of("/"));
    private static final DecimalType SHORT_DECIMAL = DecimalType.createDecimalType(10, 2);
    private static final DecimalType LONG_DECIMAL = DecimalType.createDecimalType(30, 5);
    private static final String MAPPED_PHYSICAL_NAME = "col-5f422f40-de70-45b2-88ab-1d5c90e94db1";

    /**
     * The flat data columns by physical name, with their Trino types and Delta types.
     */
    private static final Map<String, Type> COLUMN_TYPES = columnTypes();
    private static final Map<String, String> DELTA_TYPES = ImmutableMap.<String, String>builder()
            .put("flag", "boolean")
            .put("tiny", "byte")
            .put("small", "short")
            .put("regular", "integer")
            .put("big", "long")
            .put("real_value", "float")
            .put("double_value", "double")
            .put("short_decimal", "decimal(10,2)")
            .put("long_decimal", "decimal(30,5)")
            .put("text", "string")
            .put("day", "date")
            .put("instant", "timestamp")
            .put("local_time", "timestamp_ntz")
            .put("always_null", "long")
            .put(MAPPED_PHYSICAL_NAME, "integer")
            .buildOrThrow();

    @TempDir
    Path directory;

    private static Map<String, Type> columnTypes()
    {
        Map<String, Type> types = new LinkedHashMap<>();
        types.put("flag", BOOLEAN);
        types.put("tiny", TINYINT);
        types.put("small", SMALLINT);
        types.put("regular", INTEGER);
        types.put("big", BIGINT);
        types.put("real_value", REAL);
        types.put("double_value", DOUBLE);
        types.put("short_decimal", SHORT_DECIMAL);
        types.put("long_decimal", LONG_DECIMAL);
        types.put("text", VARCHAR);
        types.put("day", DATE);
        types.put("instant", TIMESTAMP_TZ_MILLIS);
        types.put("local_time", TIMESTAMP_MICROS);
        types.put("always_null", BIGINT);
        types.put(MAPPED_PHYSICAL_NAME, INTEGER);
        return ImmutableMap.copyOf(types);
    }

    @Test
    void testStatisticsSurviveAStructOnlyCheckpoint()
            throws Exception
    {
        List<String> originals = ImmutableList.of(
                statistics(
                        row(true, -128L, -32768L, Integer.MIN_VALUE, Long.MIN_VALUE, -1.5f, -0.25, -12345L, "-12345678901234567890.12345", "apple", -719162L, 0L, -62135596800_000_000L + 1, null, -7L),
                        row(false, 127L, 32767L, Integer.MAX_VALUE, Long.MAX_VALUE, 3.25f, 1e300, 9999999999L, "99999999999999999999999.99999", "pear", 2932896L, 253402300799_999L, 253402300799_999_999L, null, 42L),
                        row(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)),
                statistics(
                        row(true, 1L, 2L, 3L, 4L, 0.1f, 0.1, 1L, "0.00001", "x".repeat(40), 19000L, 1_700_000_000_123L, 1_700_000_000_123_456L, null, null),
                        row(null, 5L, 6L, 7L, 8L, 0.2f, 0.2, 2L, "0.00002", "zebra \u00fc\u00df\u20ac", 19001L, 1_700_000_000_999L, 1_700_000_000_999_001L, null, null)));
        List<AddFileEntry> adds = new ArrayList<>();
        for (int i = 0; i < originals.size(); i++) {
            adds.add(add("file-" + i + ".parquet", Optional.of(originals.get(i))));
        }
        adds.add(add("without-statistics.parquet", Optional.empty()));

        Map<String, Optional<String>> read = writeAndRead(Map.of(WRITE_STATS_AS_JSON, "false", WRITE_STATS_AS_STRUCT, "true"), adds);

        assertThat(read.get("without-statistics.parquet")).isEmpty();
        for (int i = 0; i < originals.size(); i++) {
            String original = originals.get(i);
            String roundTripped = read.get("file-" + i + ".parquet").orElseThrow();
            assertThat(StatisticsJson.parse(Optional.of(roundTripped), COLUMN_TYPES)).isEqualTo(StatisticsJson.parse(Optional.of(original), COLUMN_TYPES));
            // the same JSON, value for value: dates, timestamps, decimals and strings formatted as in commits
            assertThat(MAPPER.readTree(roundTripped)).isEqualTo(MAPPER.readTree(original));
        }
        JsonNode first = MAPPER.readTree(read.get("file-0.parquet").orElseThrow());
        assertThat(first.path("minValues").path("day").asText()).isEqualTo("0001-01-01");
        assertThat(first.path("maxValues").path("instant").asText()).isEqualTo("9999-12-31T23:59:59.999Z");
        assertThat(first.path("minValues").path("local_time").asText()).isEqualTo("0001-01-01T00:00:00.000001");
        assertThat(first.path("maxValues").path("long_decimal").isNumber()).isTrue();
        assertThat(first.path("maxValues").path("long_decimal").decimalValue()).isEqualTo("99999999999999999999999.99999");
        assertThat(first.path("nullCount").path("always_null").asLong()).isEqualTo(3);
        assertThat(first.path("minValues").has("always_null")).isFalse();
        assertThat(first.path("minValues").has("flag")).isFalse();
        assertThat(first.path("nullCount").path("flag").asLong()).isEqualTo(1);
        // a truncated string is still a minimum, never a maximum
        JsonNode second = MAPPER.readTree(read.get("file-1.parquet").orElseThrow());
        assertThat(second.path("minValues").path("text").asText()).hasSize(StatisticsValues.MAX_STRING_LENGTH);
        assertThat(second.path("maxValues").path("text").asText()).isEqualTo("zebra \u00fc\u00df\u20ac");
    }

    @Test
    void testNestedStructColumnsNestWithTheirNamesCase()
            throws Exception
    {
        String original = """
                {"numRecords":4,\
                "minValues":{"regular":1,"MixedCase":-3,"outer":{"id":-5,"name":"a","inner":{"at":"2024-02-29","amount":-1.5,"When":"2024-02-29T10:11:12.013Z"}}},\
                "maxValues":{"regular":9,"MixedCase":3,"outer":{"id":17,"name":"z","inner":{"at":"2024-03-01","amount":2.75,"When":"2024-03-01T00:00:00.000Z"}}},\
                "nullCount":{"regular":0,"MixedCase":0,"outer":{"id":1,"name":4,"flag":2,"inner":{"at":0,"amount":1,"When":0}},"tags":3}}""";

        Map<String, Optional<String>> read = writeAndRead(Map.of(WRITE_STATS_AS_JSON, "false", WRITE_STATS_AS_STRUCT, "true"), ImmutableList.of(add("nested.parquet", Optional.of(original))));

        assertThat(MAPPER.readTree(read.get("nested.parquet").orElseThrow())).isEqualTo(MAPPER.readTree(original));
    }

    @Test
    void testNestedColumnWithoutStatisticsIsLeftOut()
            throws Exception
    {
        // the outer struct has statistics of one field only, and no statistics at all in the maximum
        String original = """
                {"numRecords":2,"minValues":{"outer":{"id":3}},"maxValues":{"regular":4},"nullCount":{"outer":{"id":0,"inner":{"at":2}}}}""";

        Map<String, Optional<String>> read = writeAndRead(Map.of(WRITE_STATS_AS_STRUCT, "true", WRITE_STATS_AS_JSON, "false"), ImmutableList.of(add("sparse.parquet", Optional.of(original))));

        assertThat(MAPPER.readTree(read.get("sparse.parquet").orElseThrow())).isEqualTo(MAPPER.readTree(original));
    }

    @Test
    void testWriterHonoursTheTableConfiguration()
            throws Exception
    {
        String stats = "{\"numRecords\":1,\"minValues\":{\"regular\":1},\"maxValues\":{\"regular\":1},\"nullCount\":{\"regular\":0}}";
        List<AddFileEntry> adds = ImmutableList.of(add("file.parquet", Optional.of(stats)));
        // by default, and as JSON and struct together, the JSON string is kept as written
        assertThat(writeAndRead(Map.of(), adds).get("file.parquet")).contains(stats);
        assertThat(writeAndRead(Map.of(WRITE_STATS_AS_STRUCT, "true"), adds).get("file.parquet")).contains(stats);
        // neither form: the checkpoint has no statistics
        assertThat(writeAndRead(Map.of(WRITE_STATS_AS_JSON, "false"), adds).get("file.parquet")).isEmpty();
        assertThat(MAPPER.readTree(writeAndRead(Map.of(WRITE_STATS_AS_JSON, "False", WRITE_STATS_AS_STRUCT, "TRUE"), adds).get("file.parquet").orElseThrow()))
                .isEqualTo(MAPPER.readTree(stats));

        assertThatThrownBy(() -> writeAndRead(Map.of(WRITE_STATS_AS_STRUCT, "yes"), adds))
                .isInstanceOf(TrinoException.class)
                .hasMessage("The table configuration delta.checkpoint.writeStatsAsStruct must be true or false, but is 'yes'. Set it to true or false in the table's metaData configuration");
    }

    private Map<String, Optional<String>> writeAndRead(Map<String, String> configuration, List<AddFileEntry> adds)
    {
        Location table = Location.of("file://" + directory.resolve("table-" + System.nanoTime()));
        TableSnapshot snapshot = new TableSnapshot(table, 10, 0, new ProtocolEntry(1, 2, Optional.empty(), Optional.empty()), metadata(configuration), adds, Map.of(), Map.of(), List.of());
        Location checkpoint = table.appendPath("_delta_log/00000000000000000010.checkpoint.parquet");
        new ParquetCheckpointWriter().write(FILE_SYSTEM, checkpoint, snapshot);

        Map<String, Optional<String>> statistics = new HashMap<>();
        new ParquetCheckpointReader().read(FILE_SYSTEM, List.of(checkpoint), action -> {
            if (action instanceof AddFileEntry add) {
                statistics.put(add.path(), add.stats());
            }
        });
        assertThat(statistics.keySet()).isEqualTo(adds.stream().map(AddFileEntry::path).collect(java.util.stream.Collectors.toSet()));
        return statistics;
    }

    /**
     * A table of all the flat columns, a partition column, a column-mapped column, and nested struct columns.
     */
    private static MetadataEntry metadata(Map<String, String> configuration)
    {
        ImmutableList.Builder<StructField> fields = ImmutableList.builder();
        fields.add(StructField.of("part", new DeltaType.Primitive("string")));
        DELTA_TYPES.forEach((name, type) -> {
            if (name.equals(MAPPED_PHYSICAL_NAME)) {
                ObjectNode metadata = MAPPER.createObjectNode();
                metadata.put(StructField.COLUMN_MAPPING_ID, 1);
                metadata.put(StructField.COLUMN_MAPPING_PHYSICAL_NAME, MAPPED_PHYSICAL_NAME);
                fields.add(new StructField("mapped", deltaType(type), true, metadata));
                return;
            }
            fields.add(StructField.of(name, deltaType(type)));
        });
        fields.add(StructField.of("outer", new DeltaType.Struct(ImmutableList.of(
                StructField.of("id", new DeltaType.Primitive("long")),
                StructField.of("name", new DeltaType.Primitive("string")),
                StructField.of("flag", new DeltaType.Primitive("boolean")),
                StructField.of("inner", new DeltaType.Struct(ImmutableList.of(
                        StructField.of("at", new DeltaType.Primitive("date")),
                        StructField.of("amount", new DeltaType.Decimal(5, 2)),
                        StructField.of("When", new DeltaType.Primitive("timestamp")))))))));
        // statistics are keyed by physical names in their case, which Trino's Parquet reader would lower
        fields.add(StructField.of("MixedCase", new DeltaType.Primitive("integer")));
        fields.add(StructField.of("tags", new DeltaType.Array(new DeltaType.Primitive("string"), true)));
        String schema = DeltaSchemaCodec.serialize(new DeltaType.Struct(fields.build()));
        return new MetadataEntry("id", Optional.empty(), Optional.empty(), "parquet", schema, ImmutableList.of("part"), configuration, Optional.empty());
    }

    private static DeltaType deltaType(String name)
    {
        if (name.startsWith("decimal")) {
            String[] precisionAndScale = name.substring("decimal(".length(), name.length() - 1).split(",");
            return new DeltaType.Decimal(Integer.parseInt(precisionAndScale[0]), Integer.parseInt(precisionAndScale[1]));
        }
        return new DeltaType.Primitive(name);
    }

    private static AddFileEntry add(String path, Optional<String> stats)
    {
        return new AddFileEntry(path, Map.of("part", "a"), 100, 1, true, stats, Map.of(), Optional.empty());
    }

    /**
     * The JSON statistics our writers collect for rows given as Java values, in the order of {@link #COLUMN_TYPES}.
     */
    private static String statistics(List<?>... rows)
    {
        List<Type> types = ImmutableList.copyOf(COLUMN_TYPES.values());
        BlockBuilder[] builders = new BlockBuilder[types.size()];
        for (int channel = 0; channel < types.size(); channel++) {
            builders[channel] = types.get(channel).createBlockBuilder(null, rows.length);
        }
        for (List<?> row : rows) {
            for (int channel = 0; channel < types.size(); channel++) {
                writeNativeValue(types.get(channel), builders[channel], nativeValue(types.get(channel), row.get(channel)));
            }
        }
        FileStatisticsCollector collector = new FileStatisticsCollector(ImmutableList.copyOf(COLUMN_TYPES.keySet()), types);
        collector.addPage(new Page(rows.length, Arrays.stream(builders).map(BlockBuilder::build).toArray(io.trino.spi.block.Block[]::new)));
        return StatisticsJson.serialize(collector.build(), COLUMN_TYPES);
    }

    private static Object nativeValue(Type type, Object value)
    {
        if (value == null) {
            return null;
        }
        if (type.equals(REAL)) {
            return (long) floatToRawIntBits((Float) value);
        }
        if (type.equals(LONG_DECIMAL)) {
            return Int128.valueOf(new java.math.BigDecimal((String) value).unscaledValue());
        }
        if (type.equals(VARCHAR)) {
            return utf8Slice((String) value);
        }
        if (type.equals(TIMESTAMP_TZ_MILLIS)) {
            return packDateTimeWithZone((Long) value, UTC_KEY);
        }
        if (value instanceof Integer integer) {
            return integer.longValue();
        }
        return value;
    }

    private static List<?> row(Object... values)
    {
        return Arrays.asList(values);
    }
}
