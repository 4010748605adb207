package dev.lakehouse.transactionlog.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import io.trino.spi.TrinoException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_CORRUPT_LOG;
import static dev.lakehouse.transactionlog.actions.ActionJsonCodec.MAPPER;
import static java.lang.Integer.parseInt;

/**
 * Converts between the JSON {@code schemaString} of the Delta protocol and {@link DeltaType.Struct}.
 */
public final class DeltaSchemaCodec
{
    private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

    private DeltaSchemaCodec() {}

    public static DeltaType.Struct parse(String schemaString)
    {
        try {
            JsonNode node = MAPPER.readTree(schemaString);
            if (parseType(node) instanceof DeltaType.Struct struct) {
                return struct;
            }
        }
        catch (JsonProcessingException | IllegalArgumentException e) {
            throw new TrinoException(LAKEHOUSE_CORRUPT_LOG, "The table schema in the transaction log is invalid: " + e.getMessage(), e);
        }
        throw new TrinoException(LAKEHOUSE_CORRUPT_LOG, "The table schema in the transaction log is not a struct: " + schemaString);
    }

    public static String serialize(DeltaType.Struct schema)
    {
        return toJson(schema).toString();
    }

    private static DeltaType parseType(JsonNode node)
    {
        if (node.isTextual()) {
            String name = node.asText();
            Matcher decimal = DECIMAL.matcher(name);
            if (decimal.matches()) {
                return new DeltaType.Decimal(parseInt(decimal.group(1)), parseInt(decimal.group(2)));
            }
            if (name.equals("decimal")) {
                // the protocol's default precision and scale
                return new DeltaType.Decimal(10, 0);
            }
            return new DeltaType.Primitive(name);
        }
        String type = node.path("type").asText();
        return switch (type) {
            case "struct" -> {
                ImmutableList.Builder<StructField> fields = ImmutableList.builder();
                for (JsonNode field : node.path("fields")) {
                    JsonNode metadata = field.path("metadata");
                    fields.add(new StructField(
                            field.path("name").asText(),
                            parseType(field.path("type")),
                            field.path("nullable").asBoolean(true),
                            metadata.isObject() ? (ObjectNode) metadata : MAPPER.createObjectNode()));
                }
                yield new DeltaType.Struct(fields.build());
            }
            case "array" -> new DeltaType.Array(parseType(node.path("elementType")), node.path("containsNull").asBoolean(true));
            case "map" -> new DeltaType.MapType(parseType(node.path("keyType")), parseType(node.path("valueType")), node.path("valueContainsNull").asBoolean(true));
            default -> throw new IllegalArgumentException("unknown type: " + node);
        };
    }

    private static JsonNode toJson(DeltaType type)
    {
        return switch (type) {
            case DeltaType.Primitive primitive -> MAPPER.getNodeFactory().textNode(primitive.name());
            case DeltaType.Decimal decimal -> MAPPER.getNodeFactory().textNode("decimal(" + decimal.precision() + "," + decimal.scale() + ")");
            case DeltaType.Array array -> {
                ObjectNode node = MAPPER.createObjectNode();
                node.put("type", "array");
                node.set("elementType", toJson(array.elementType()));
                node.put("containsNull", array.containsNull());
                yield node;
            }
            case DeltaType.MapType map -> {
                ObjectNode node = MAPPER.createObjectNode();
                node.put("type", "map");
                node.set("keyType", toJson(map.keyType()));
                node.set("valueType", toJson(map.valueType()));
                node.put("valueContainsNull", map.valueContainsNull());
                yield node;
            }
            case DeltaType.Struct struct -> {
                ObjectNode node = MAPPER.createObjectNode();
                node.put("type", "struct");
                var fields = node.putArray("fields");
                for (StructField field : struct.fields()) {
                    ObjectNode fieldNode = fields.addObject();
                    fieldNode.put("name", field.name());
                    fieldNode.set("type", toJson(field.type()));
                    fieldNode.put("nullable", field.nullable());
                    fieldNode.set("metadata", field.metadata());
                }
                yield node;
            }
        };
    }
}
