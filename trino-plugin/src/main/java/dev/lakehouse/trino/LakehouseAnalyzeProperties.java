package dev.lakehouse.trino;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.trino.spi.TrinoException;
import io.trino.spi.session.PropertyMetadata;
import io.trino.spi.type.ArrayType;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.trino.spi.StandardErrorCode.INVALID_ANALYZE_PROPERTY;
import static io.trino.spi.session.PropertyMetadata.booleanProperty;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * {@code ANALYZE t WITH (columns = ARRAY['a', 'b'], incremental = true)}.
 */
public final class LakehouseAnalyzeProperties
{
    public static final String COLUMNS = "columns";
    public static final String INCREMENTAL = "incremental";

    private LakehouseAnalyzeProperties() {}

    public static List<PropertyMetadata<?>> properties()
    {
        return ImmutableList.of(
                new PropertyMetadata<>(
                        COLUMNS,
                        "Columns to analyze (default: all)",
                        new ArrayType(VARCHAR),
                        Set.class,
                        null,
                        false,
                        value -> ((List<?>) value).stream()
                                .map(name -> ((String) name).toLowerCase(Locale.ENGLISH))
                                .collect(ImmutableSet.toImmutableSet()),
                        value -> value),
                booleanProperty(INCREMENTAL, "Read only the files added since the newest analysed (or written) version, when nothing was removed since; false recomputes from all rows", true, false));
    }

    @SuppressWarnings("unchecked")
    public static Optional<Set<String>> columns(Map<String, Object> properties, Set<String> tableColumns)
    {
        Set<String> columns = (Set<String>) properties.get(COLUMNS);
        if (columns == null) {
            return Optional.empty();
        }
        if (columns.isEmpty()) {
            throw new TrinoException(INVALID_ANALYZE_PROPERTY, "ANALYZE: 'columns' is empty; list at least one column or leave it out to analyze all");
        }
        for (String column : columns) {
            if (!tableColumns.contains(column)) {
                throw new TrinoException(INVALID_ANALYZE_PROPERTY, "ANALYZE: column '%s' does not exist; the table's columns are %s".formatted(column, tableColumns));
            }
        }
        return Optional.of(columns);
    }

    public static boolean incremental(Map<String, Object> properties)
    {
        return (boolean) properties.get(INCREMENTAL);
    }
}
