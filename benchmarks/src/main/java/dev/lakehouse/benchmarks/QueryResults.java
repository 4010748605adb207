package dev.lakehouse.benchmarks;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A query's rows, compared as a multiset: floating-point values are equal within a relative error of 1e-9 (a sum
 * depends on the order its rows are added in, and rounding to a fixed number of digits would still flip at a rounding
 * boundary), decimals are equal by value, and rows are sorted first (ties in ORDER BY may come in any order).
 */
final class QueryResults
{
    private static final double RELATIVE_ERROR = 1e-9;

    private final List<List<Object>> rows;

    private QueryResults(List<List<Object>> rows)
    {
        this.rows = rows;
    }

    static QueryResults of(Connection connection, String sql)
            throws SQLException
    {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            int columns = resultSet.getMetaData().getColumnCount();
            while (resultSet.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int column = 1; column <= columns; column++) {
                    row.add(resultSet.getObject(column));
                }
                rows.add(row);
            }
        }
        rows.sort(Comparator.comparing(QueryResults::sortKey));
        return new QueryResults(rows);
    }

    boolean matches(QueryResults other)
    {
        if (rows.size() != other.rows.size()) {
            return false;
        }
        for (int row = 0; row < rows.size(); row++) {
            List<Object> left = rows.get(row);
            List<Object> right = other.rows.get(row);
            if (left.size() != right.size()) {
                return false;
            }
            for (int column = 0; column < left.size(); column++) {
                if (!valuesMatch(left.get(column), right.get(column))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean valuesMatch(Object left, Object right)
    {
        if (left instanceof Number leftNumber && right instanceof Number rightNumber && (isFloatingPoint(left) || isFloatingPoint(right))) {
            double a = leftNumber.doubleValue();
            double b = rightNumber.doubleValue();
            return a == b || Math.abs(a - b) <= RELATIVE_ERROR * Math.max(Math.abs(a), Math.abs(b));
        }
        if (left instanceof BigDecimal leftDecimal && right instanceof BigDecimal rightDecimal) {
            return leftDecimal.compareTo(rightDecimal) == 0;
        }
        return Objects.equals(left, right);
    }

    private static boolean isFloatingPoint(Object value)
    {
        return value instanceof Double || value instanceof Float;
    }

    /**
     * Orders rows so that equal rows of both sides line up: floating-point values enter the key coarsely (6 digits), so
     * that last-digit differences do not reorder rows that differ in nothing else.
     */
    private static String sortKey(List<Object> row)
    {
        StringBuilder key = new StringBuilder();
        for (Object value : row) {
            key.append(switch (value) {
                case null -> "NULL";
                case Double number -> String.format(Locale.ENGLISH, "%.6g", number);
                case Float number -> String.format(Locale.ENGLISH, "%.6g", number);
                case BigDecimal number -> number.stripTrailingZeros().toPlainString();
                default -> value.toString();
            }).append('|');
        }
        return key.toString();
    }
}
