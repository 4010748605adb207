package dev.lakehouse.transactionlog.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.schema.DeltaSchemaCodec;
import dev.lakehouse.transactionlog.schema.DeltaType;
import dev.lakehouse.transactionlog.schema.StructField;
import dev.lakehouse.transactionlog.statistics.StatisticsValueJson;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.RowBlockBuilder;
import io.trino.spi.block.SqlRow;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DateLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.StringLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS;
import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DecimalType.createDecimalType;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MICROS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.TinyintType.TINYINT;
import static io.trino.spi.type.TypeUtils.readNativeValue;
import static io.trino.spi.type.TypeUtils.writeNativeValue;
import static io.trino.spi.type.VarbinaryType.VARBINARY;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Locale.ENGLISH;
import static java.util.Objects.requireNonNull;
import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.NANOS;
import static org.apache.parquet.schema.Type.Repetition.REPEATED;

/**
 * The typed statistics of checkpoints, {@code add.stats_parsed}: {@code numRecords}, and {@code minValues},
 * {@code maxValues} and {@code nullCount} structs typed after the table's data columns (by physical name; struct
 * columns nest, partition columns are absent). They are converted to and from the JSON {@code stats} string, so
 * that {@code AddFileEntry.stats()} stays the one representation of file statistics; values are formatted by
 * {@link StatisticsValueJson}, as in the JSON statistics of commits.
 */
final class ParsedStatistics
{
    static final String FIELD_NAME = "stats_parsed";

    private static final String NUM_RECORDS = "numRecords";
    private static final String MIN_VALUES = "minValues";
    private static final String MAX_VALUES = "maxValues";
    private static final String NULL_COUNT = "nullCount";
    private static final String TIGHT_BOUNDS = "tightBounds";
    // decimals keep all their digits: as doubles, long decimals would round, and a rounded bound may exclude real values
    private static final ObjectMapper STATISTICS_MAPPER = new ObjectMapper().enable(USE_BIG_DECIMAL_FOR_FLOATS);

    private ParsedStatistics() {}

    /**
     * The type of {@code stats_parsed} for a table: min/max of the data columns whose types have them, null counts
     * of all data columns.
     */
    static RowType fromTableSchema(MetadataEntry metadata)
    {
        DeltaType.Struct schema = DeltaSchemaCodec.parse(metadata.schemaString());
        Set<String> partitionColumns = metadata.partitionColumns().stream()
                .map(name -> name.toLowerCase(ENGLISH))
                .collect(toImmutableSet());
        List<StructField> dataColumns = schema.fields().stream()
                .filter(field -> !partitionColumns.contains(field.name().toLowerCase(ENGLISH)))
                .toList();
        ImmutableList.Builder<RowType.Field> fields = ImmutableList.builder();
        fields.add(RowType.field(NUM_RECORDS, BIGINT));
        minMaxType(dataColumns).ifPresent(type -> {
            fields.add(RowType.field(MIN_VALUES, type));
            fields.add(RowType.field(MAX_VALUES, type));
        });
        nullCountType(dataColumns).ifPresent(type -> fields.add(RowType.field(NULL_COUNT, type)));
        return RowType.from(fields.build());
    }

    private static Optional<RowType> minMaxType(List<StructField> columns)
    {
        ImmutableList.Builder<RowType.Field> fields = ImmutableList.builder();
        for (StructField column : columns) {
            Optional<Type> type = switch (column.type()) {
                case DeltaType.Struct struct -> minMaxType(struct.fields()).map(Type.class::cast);
                case DeltaType.Decimal decimal -> Optional.of(createDecimalType(decimal.precision(), decimal.scale()));
                case DeltaType.Primitive primitive -> minMaxType(primitive);
                case DeltaType.Array _, DeltaType.MapType _ -> Optional.empty();
            };
            type.ifPresent(fieldType -> fields.add(RowType.field(column.physicalName(), fieldType)));
        }
        return rowType(fields.build());
    }

    private static Optional<Type> minMaxType(DeltaType.Primitive primitive)
    {
        return switch (primitive.name()) {
            case "byte" -> Optional.of(TINYINT);
            case "short" -> Optional.of(SMALLINT);
            case "integer" -> Optional.of(INTEGER);
            case "long" -> Optional.of(BIGINT);
            case "float" -> Optional.of(REAL);
            case "double" -> Optional.of(DOUBLE);
            case "string" -> Optional.of(VARCHAR);
            case "date" -> Optional.of(DATE);
            case "timestamp" -> Optional.of(TIMESTAMP_TZ_MILLIS);
            case "timestamp_ntz" -> Optional.of(TIMESTAMP_MICROS);
            // boolean, binary, variant...: no min/max, as in the JSON statistics
            default -> Optional.empty();
        };
    }

    private static Optional<RowType> nullCountType(List<StructField> columns)
    {
        ImmutableList.Builder<RowType.Field> fields = ImmutableList.builder();
        for (StructField column : columns) {
            Optional<Type> type = column.type() instanceof DeltaType.Struct struct
                    ? nullCountType(struct.fields()).map(Type.class::cast)
                    : Optional.of(BIGINT);
            type.ifPresent(fieldType -> fields.add(RowType.field(column.physicalName(), fieldType)));
        }
        return rowType(fields.build());
    }

    /**
     * The type of the {@code add.stats_parsed} column of a checkpoint file, as its writer declared it in the file's
     * footer; empty when the file has no such column.
     *
     * @param schema the file's schema as Trino's reader sees it, with lower-case names
     * @param footerSchema the schema elements of the footer, with the names as written: statistics are keyed by the
     * physical names of columns, which may be in any case
     */
    static Optional<RowType> fromParquetSchema(MessageType schema, List<SchemaElement> footerSchema)
    {
        if (!schema.containsField("add") || schema.getType("add").isPrimitive()) {
            return Optional.empty();
        }
        GroupType add = schema.getType("add").asGroupType();
        if (!add.containsField(FIELD_NAME)) {
            return Optional.empty();
        }
        SchemaNode names = SchemaNode.of(footerSchema.iterator())
                .child(schema.getFieldIndex("add"))
                .child(add.getFieldIndex(FIELD_NAME));
        return trinoType(add.getType(FIELD_NAME), names)
                .filter(RowType.class::isInstance)
                .map(RowType.class::cast);
    }

    /**
     * A field of the footer's schema with its name as written.
     */
    private record SchemaNode(String name, List<SchemaNode> children)
    {
        SchemaNode
        {
            requireNonNull(name, "name is null");
            children = ImmutableList.copyOf(children);
        }

        /**
         * The field at the head of the elements (the footer lists fields depth first), with all its descendants.
         */
        static SchemaNode of(Iterator<SchemaElement> elements)
        {
            SchemaElement element = elements.next();
            ImmutableList.Builder<SchemaNode> children = ImmutableList.builder();
            for (int i = 0; i < (element.isSetNum_children() ? element.getNum_children() : 0); i++) {
                children.add(of(elements));
            }
            return new SchemaNode(element.getName(), children.build());
        }

        SchemaNode child(int index)
        {
            return children.get(index);
        }
    }

    /**
     * The Trino type to read a field of {@code stats_parsed} as; empty for fields that hold no usable statistic.
     */
    private static Optional<Type> trinoType(org.apache.parquet.schema.Type parquetType, SchemaNode names)
    {
        if (parquetType.isRepetition(REPEATED)) {
            return Optional.empty();
        }
        LogicalTypeAnnotation annotation = parquetType.getLogicalTypeAnnotation();
        if (!parquetType.isPrimitive()) {
            if (annotation != null) {
                // lists and maps have no statistics
                return Optional.empty();
            }
            List<org.apache.parquet.schema.Type> children = parquetType.asGroupType().getFields();
            ImmutableList.Builder<RowType.Field> fields = ImmutableList.builder();
            for (int i = 0; i < children.size(); i++) {
                SchemaNode child = names.child(i);
                trinoType(children.get(i), child).ifPresent(type -> fields.add(RowType.field(child.name(), type)));
            }
            return rowType(fields.build()).map(Type.class::cast);
        }
        if (annotation instanceof DecimalLogicalTypeAnnotation decimal) {
            return Optional.of(createDecimalType(decimal.getPrecision(), decimal.getScale()));
        }
        PrimitiveType primitive = parquetType.asPrimitiveType();
        // annotations no Delta writer uses here (unsigned integers, times, nanoseconds, JSON...) leave the field out, so
        // that a statistic this reader cannot type never makes the whole checkpoint unreadable
        return switch (primitive.getPrimitiveTypeName()) {
            case BOOLEAN -> Optional.of(BOOLEAN);
            case INT32 -> switch (annotation) {
                case null -> Optional.of(INTEGER);
                case DateLogicalTypeAnnotation _ -> Optional.of(DATE);
                case IntLogicalTypeAnnotation integer when integer.isSigned() && integer.getBitWidth() == 8 -> Optional.of(TINYINT);
                case IntLogicalTypeAnnotation integer when integer.isSigned() && integer.getBitWidth() == 16 -> Optional.of(SMALLINT);
                case IntLogicalTypeAnnotation integer when integer.isSigned() && integer.getBitWidth() == 32 -> Optional.of(INTEGER);
                default -> Optional.empty();
            };
            case INT64 -> switch (annotation) {
                case null -> Optional.of(BIGINT);
                case IntLogicalTypeAnnotation integer when integer.isSigned() && integer.getBitWidth() == 64 -> Optional.of(BIGINT);
                case TimestampLogicalTypeAnnotation timestamp when timestamp.getUnit() != NANOS ->
                        Optional.of(timestamp.isAdjustedToUTC() ? TIMESTAMP_TZ_MILLIS : TIMESTAMP_MICROS);
                default -> Optional.empty();
            };
            // Spark's legacy timestamps: instants
            case INT96 -> Optional.of(TIMESTAMP_TZ_MILLIS);
            case FLOAT -> Optional.of(REAL);
            case DOUBLE -> Optional.of(DOUBLE);
            case BINARY -> switch (annotation) {
                case null -> Optional.of(VARBINARY);
                case StringLogicalTypeAnnotation _ -> Optional.of(VARCHAR);
                default -> Optional.empty();
            };
            case FIXED_LEN_BYTE_ARRAY -> Optional.empty();
        };
    }

    /**
     * Writes the typed form of a JSON statistics string; NULL when there are no statistics or they do not parse.
     */
    static void write(BlockBuilder builder, RowType type, Optional<String> stats)
    {
        Optional<JsonNode> root = stats.flatMap(ParsedStatistics::parseJson);
        if (root.isEmpty()) {
            builder.appendNull();
            return;
        }
        ((RowBlockBuilder) builder).buildEntry(fieldBuilders -> {
            List<RowType.Field> fields = type.getFields();
            for (int i = 0; i < fields.size(); i++) {
                String name = fields.get(i).getName().orElseThrow();
                Type fieldType = fields.get(i).getType();
                JsonNode node = root.get().get(name);
                switch (name) {
                    case MIN_VALUES -> writeValues(fieldBuilders.get(i), (RowType) fieldType, node, false);
                    case MAX_VALUES -> writeValues(fieldBuilders.get(i), (RowType) fieldType, node, true);
                    case NULL_COUNT -> writeCounts(fieldBuilders.get(i), (RowType) fieldType, node);
                    default -> writeCount(fieldBuilders.get(i), node);
                }
            }
        });
    }

    private static void writeValues(BlockBuilder builder, RowType type, JsonNode values, boolean isMax)
    {
        if (values == null || !values.isObject()) {
            builder.appendNull();
            return;
        }
        ((RowBlockBuilder) builder).buildEntry(fieldBuilders -> {
            List<RowType.Field> fields = type.getFields();
            for (int i = 0; i < fields.size(); i++) {
                Type fieldType = fields.get(i).getType();
                JsonNode value = values.get(fields.get(i).getName().orElseThrow());
                if (fieldType instanceof RowType nested) {
                    writeValues(fieldBuilders.get(i), nested, value, isMax);
                }
                else {
                    writeNativeValue(fieldType, fieldBuilders.get(i), StatisticsValueJson.fromJson(fieldType, value, isMax).orElse(null));
                }
            }
        });
    }

    private static void writeCounts(BlockBuilder builder, RowType type, JsonNode counts)
    {
        if (counts == null || !counts.isObject()) {
            builder.appendNull();
            return;
        }
        ((RowBlockBuilder) builder).buildEntry(fieldBuilders -> {
            List<RowType.Field> fields = type.getFields();
            for (int i = 0; i < fields.size(); i++) {
                JsonNode count = counts.get(fields.get(i).getName().orElseThrow());
                if (fields.get(i).getType() instanceof RowType nested) {
                    // a struct's null count is per leaf field; a single number for the whole struct has no place here
                    writeCounts(fieldBuilders.get(i), nested, count);
                }
                else {
                    writeCount(fieldBuilders.get(i), count);
                }
            }
        });
    }

    private static void writeCount(BlockBuilder builder, JsonNode count)
    {
        if (count == null || !count.isIntegralNumber() || !count.canConvertToLong()) {
            builder.appendNull();
            return;
        }
        BIGINT.writeLong(builder, count.asLong());
    }

    /**
     * The JSON statistics string of a {@code stats_parsed} value.
     */
    static String toJson(RowType type, SqlRow row)
    {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        List<RowType.Field> fields = type.getFields();
        for (int i = 0; i < fields.size(); i++) {
            Object value = fieldValue(fields.get(i).getType(), row, i);
            if (value == null) {
                continue;
            }
            String name = fields.get(i).getName().orElseThrow();
            switch (name) {
                case NUM_RECORDS -> {
                    if (value instanceof Long count) {
                        root.put(name, count);
                    }
                }
                case TIGHT_BOUNDS -> {
                    if (value instanceof Boolean tight) {
                        root.put(name, tight);
                    }
                }
                case MIN_VALUES, MAX_VALUES -> {
                    if (value instanceof SqlRow values) {
                        root.set(name, valuesJson((RowType) fields.get(i).getType(), values, name.equals(MAX_VALUES)));
                    }
                }
                case NULL_COUNT -> {
                    if (value instanceof SqlRow counts) {
                        root.set(name, countsJson((RowType) fields.get(i).getType(), counts));
                    }
                }
                default -> {
                    // fields this reader does not know carry no statistic it could use
                }
            }
        }
        return root.toString();
    }

    private static ObjectNode valuesJson(RowType type, SqlRow row, boolean isMax)
    {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        List<RowType.Field> fields = type.getFields();
        for (int i = 0; i < fields.size(); i++) {
            Type fieldType = fields.get(i).getType();
            Object value = fieldValue(fieldType, row, i);
            if (value == null) {
                continue;
            }
            String name = fields.get(i).getName().orElseThrow();
            if (value instanceof SqlRow nested) {
                ObjectNode nestedValues = valuesJson((RowType) fieldType, nested, isMax);
                if (!nestedValues.isEmpty()) {
                    values.set(name, nestedValues);
                }
                continue;
            }
            StatisticsValueJson.toJson(fieldType, value, isMax).ifPresent(json -> values.set(name, json));
        }
        return values;
    }

    private static ObjectNode countsJson(RowType type, SqlRow row)
    {
        ObjectNode counts = JsonNodeFactory.instance.objectNode();
        List<RowType.Field> fields = type.getFields();
        for (int i = 0; i < fields.size(); i++) {
            Object value = fieldValue(fields.get(i).getType(), row, i);
            String name = fields.get(i).getName().orElseThrow();
            switch (value) {
                case SqlRow nested -> {
                    ObjectNode nestedCounts = countsJson((RowType) fields.get(i).getType(), nested);
                    if (!nestedCounts.isEmpty()) {
                        counts.set(name, nestedCounts);
                    }
                }
                case Long count -> counts.put(name, count);
                case null, default -> {}
            }
        }
        return counts;
    }

    /**
     * A struct of the fields; empty when there are none, as Parquet has no empty groups.
     */
    private static Optional<RowType> rowType(List<RowType.Field> fields)
    {
        return fields.isEmpty() ? Optional.empty() : Optional.of(RowType.from(fields));
    }

    private static Object fieldValue(Type type, SqlRow row, int field)
    {
        Block block = row.getRawFieldBlock(field);
        return readNativeValue(type, block, row.getRawIndex());
    }

    private static Optional<JsonNode> parseJson(String stats)
    {
        try {
            JsonNode root = STATISTICS_MAPPER.readTree(stats);
            return root != null && root.isObject() ? Optional.of(root) : Optional.empty();
        }
        catch (JsonProcessingException e) {
            // unparsable statistics are unknown statistics, as when reading them from the JSON string
            return Optional.empty();
        }
    }
}
