package dev.lakehouse.trino.constraints;

import dev.lakehouse.transactionlog.schema.DeltaType;
import dev.lakehouse.transactionlog.schema.StructField;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static io.trino.spi.StandardErrorCode.CONSTRAINT_VIOLATION;

/**
 * Turns a Delta rule into the boolean SQL expression Trino checks on every row a statement writes: true when the rule
 * holds, otherwise a {@code CONSTRAINT_VIOLATION} error that names the rule and shows the values of the columns it
 * reads, as Delta reports a violation. The protocol requires a rule to evaluate to true, so NULL fails too (Trino on
 * its own lets a NULL check pass).
 */
final class ViolationReports
{
    private static final Set<String> PRINTABLE_PRIMITIVES = Set.of("boolean", "byte", "short", "integer", "long", "float", "double", "string", "date", "timestamp", "timestamp_ntz");

    private ViolationReports() {}

    static String enforcing(String rule, String expression, DeltaType.Struct schema)
    {
        String values = reportedColumns(expression, schema).stream()
                .map(field -> "'%s = ' || %s".formatted(sqlText(field.name()).replace("'", "''"), valueText(field)))
                .collect(Collectors.joining(" || ', ' || "));
        String message = "'%s violated by row with values: '".formatted(sqlText(rule).replace("'", "''")) + (values.isEmpty() ? "" : " || " + values);
        return "CASE WHEN (%s) THEN true ELSE CAST(fail(%d, %s) AS boolean) END".formatted(expression, CONSTRAINT_VIOLATION.toErrorCode().getCode(), message);
    }

    // the top-level columns whose names appear in the expression outside string literals; all of them if none does
    private static List<StructField> reportedColumns(String expression, DeltaType.Struct schema)
    {
        Set<String> names = identifiers(expression);
        List<StructField> named = schema.fields().stream().filter(field -> names.contains(field.name().toLowerCase(Locale.ENGLISH))).toList();
        return named.isEmpty() ? schema.fields() : named;
    }

    private static Set<String> identifiers(String expression)
    {
        Set<String> names = new HashSet<>();
        int position = 0;
        while (position < expression.length()) {
            char c = expression.charAt(position);
            if (c == '\'') {
                position = endOfStringLiteral(expression, position);
            }
            else if (c == '"' || c == '`') {
                int end = expression.indexOf(c, position + 1);
                end = end < 0 ? expression.length() : end;
                names.add(expression.substring(position + 1, end).toLowerCase(Locale.ENGLISH));
                position = end + 1;
            }
            else if (Character.isLetterOrDigit(c) || c == '_') {
                int end = position;
                while (end < expression.length() && (Character.isLetterOrDigit(expression.charAt(end)) || expression.charAt(end) == '_')) {
                    end++;
                }
                names.add(expression.substring(position, end).toLowerCase(Locale.ENGLISH));
                position = end;
            }
            else {
                position++;
            }
        }
        return names;
    }

    // the position after a '...' literal, with '' (SQL) and \' (Spark) escapes
    private static int endOfStringLiteral(String expression, int start)
    {
        int position = start + 1;
        while (position < expression.length()) {
            char c = expression.charAt(position);
            if (c == '\\') {
                position += 2;
            }
            else if (c == '\'' && position + 1 < expression.length() && expression.charAt(position + 1) == '\'') {
                position += 2;
            }
            else if (c == '\'') {
                return position + 1;
            }
            else {
                position++;
            }
        }
        return position;
    }

    private static String valueText(StructField field)
    {
        String column = "\"" + field.name().replace("\"", "\"\"") + "\"";
        String text = switch (field.type()) {
            case DeltaType.Primitive primitive when primitive.name().equals("binary") -> "to_hex(%s)".formatted(column);
            // format, not CAST, which would print 20.5 as 2.05E1
            case DeltaType.Primitive primitive when primitive.name().equals("float") || primitive.name().equals("double") -> "format('%%s', %s)".formatted(column);
            case DeltaType.Primitive primitive when PRINTABLE_PRIMITIVES.contains(primitive.name()) -> "CAST(%s AS varchar)".formatted(column);
            case DeltaType.Decimal _ -> "CAST(%s AS varchar)".formatted(column);
            case DeltaType type when castsToJson(type) -> "json_format(CAST(%s AS json))".formatted(column);
            default -> "'(not shown)'";
        };
        return "coalesce(%s, 'null')".formatted(text);
    }

    private static boolean castsToJson(DeltaType type)
    {
        return switch (type) {
            case DeltaType.Primitive primitive -> PRINTABLE_PRIMITIVES.contains(primitive.name());
            case DeltaType.Decimal _ -> true;
            case DeltaType.Array array -> castsToJson(array.elementType());
            case DeltaType.MapType map -> !(map.keyType() instanceof DeltaType.Struct || map.keyType() instanceof DeltaType.Array || map.keyType() instanceof DeltaType.MapType)
                    && castsToJson(map.keyType()) && castsToJson(map.valueType());
            case DeltaType.Struct struct -> struct.fields().stream().allMatch(field -> castsToJson(field.type()));
        };
    }

    // keeps a rule's text on one line in the error
    private static String sqlText(String text)
    {
        return text.replaceAll("\\s+", " ").strip();
    }
}
