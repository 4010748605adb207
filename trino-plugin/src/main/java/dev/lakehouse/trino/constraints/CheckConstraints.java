package dev.lakehouse.trino.constraints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.schema.DeltaSchemaCodec;
import dev.lakehouse.transactionlog.schema.DeltaType;
import dev.lakehouse.transactionlog.schema.StructField;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.SchemaTableName;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;

/**
 * Delta's data quality rules: {@code CHECK} constraints ({@code delta.constraints.<name>} in the table configuration,
 * writer feature {@code checkConstraints}, legacy writer version 3) and column invariants ({@code delta.invariants}
 * in a field's metadata, writer version 2). They are handed to Trino as the table's check constraints, so the engine
 * evaluates them on every row an INSERT, UPDATE or MERGE writes and fails the statement, which then commits nothing.
 */
public final class CheckConstraints
{
    public static final String FEATURE = "checkConstraints";
    private static final String PREFIX = "delta.constraints.";
    private static final String INVARIANTS = "delta.invariants";
    private static final int CHECK_CONSTRAINTS_WRITER_VERSION = 3;
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckConstraints() {}

    /**
     * Every rule of the table, as SQL boolean expressions that fail with the rule and the row's values when a row
     * breaks it: constraints by name, then invariants.
     */
    public static List<String> of(MetadataEntry metadata)
    {
        DeltaType.Struct schema = DeltaSchemaCodec.parse(metadata.schemaString());
        ImmutableList.Builder<String> expressions = ImmutableList.builder();
        new TreeMap<>(constraints(metadata)).forEach((name, expression) ->
                expressions.add(ViolationReports.enforcing("CHECK constraint %s (%s)".formatted(name, expression), expression, schema)));
        collectInvariants(schema, "", schema, expressions);
        return expressions.build();
    }

    public static MetadataEntry add(MetadataEntry metadata, String name, String expression, SchemaTableName table)
    {
        String key = key(name);
        if (!NAME.matcher(key).matches()) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "Constraint name '%s' is not valid: use letters, digits and underscores, starting with a letter".formatted(name));
        }
        if (expression == null || expression.isBlank()) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "Constraint %s needs an expression, e.g. 'price >= 0'".formatted(key));
        }
        if (constraints(metadata).containsKey(key)) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "Table %s already has a constraint %s: %s; drop it first".formatted(table, key, constraints(metadata).get(key)));
        }
        return metadata.withConfigurationValue(PREFIX + key, expression.strip());
    }

    public static MetadataEntry drop(MetadataEntry metadata, String name, SchemaTableName table)
    {
        String key = key(name);
        if (!constraints(metadata).containsKey(key)) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "Table %s has no constraint %s; it has %s".formatted(table, key, new TreeMap<>(constraints(metadata)).keySet()));
        }
        Map<String, String> configuration = new HashMap<>(metadata.configuration());
        configuration.remove(PREFIX + key);
        return metadata.withConfiguration(configuration);
    }

    /**
     * The name under which a constraint is stored: names are case-insensitive.
     */
    static String key(String name)
    {
        return name == null ? "" : name.toLowerCase(Locale.ENGLISH);
    }

    /**
     * The protocol that makes writers check constraints: the feature listed at writer version 7, else version 3.
     */
    public static ProtocolEntry protocol(ProtocolEntry protocol)
    {
        if (protocol.supportsWriterFeatures()) {
            Set<String> features = ImmutableSet.<String>builder().addAll(protocol.writerFeatures().orElse(Set.of())).add(FEATURE).build();
            return new ProtocolEntry(protocol.minReaderVersion(), protocol.minWriterVersion(), protocol.readerFeatures(), Optional.of(features));
        }
        return new ProtocolEntry(protocol.minReaderVersion(), Math.max(protocol.minWriterVersion(), CHECK_CONSTRAINTS_WRITER_VERSION), protocol.readerFeatures(), Optional.empty());
    }

    private static Map<String, String> constraints(MetadataEntry metadata)
    {
        Map<String, String> constraints = new HashMap<>();
        metadata.configuration().forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                constraints.put(key.substring(PREFIX.length()).toLowerCase(Locale.ENGLISH), value);
            }
        });
        return constraints;
    }

    private static void collectInvariants(DeltaType type, String parentPath, DeltaType.Struct schema, ImmutableList.Builder<String> expressions)
    {
        if (type instanceof DeltaType.Struct struct) {
            for (StructField field : struct.fields()) {
                String path = parentPath + field.name();
                field.metadataText(INVARIANTS).flatMap(CheckConstraints::invariantExpression).ifPresent(expression ->
                        expressions.add(ViolationReports.enforcing("Invariant of column %s (%s)".formatted(path, expression), expression, schema)));
                collectInvariants(field.type(), path + ".", schema, expressions);
            }
        }
    }

    // {"expression": {"expression": "x > 3"}}, as Delta writes an invariant
    private static Optional<String> invariantExpression(String invariant)
    {
        try {
            JsonNode expression = JSON.readTree(invariant).path("expression").path("expression");
            return expression.isTextual() ? Optional.of(expression.asText()) : Optional.empty();
        }
        catch (JsonProcessingException e) {
            throw new TrinoException(NOT_SUPPORTED, "Cannot read the invariant %s of a column: %s".formatted(invariant, e.getMessage()), e);
        }
    }
}
