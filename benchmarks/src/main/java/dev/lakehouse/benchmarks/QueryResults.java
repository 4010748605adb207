package dev.lakehouse.benchmarks;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A query's rows as comparable text: floating-point values rounded to 9 significant digits (sums depend on the order
 * rows are added in), rows sorted (ties in ORDER BY may come in any order).
 */
final class QueryResults
{
    private QueryResults() {}

    static List<String> rows(Connection connection, String sql)
            throws SQLException
    {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            int columns = resultSet.getMetaData().getColumnCount();
            while (resultSet.next()) {
                StringBuilder row = new StringBuilder();
                for (int column = 1; column <= columns; column++) {
                    row.append(format(resultSet.getObject(column))).append('|');
                }
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        return rows;
    }

    private static String format(Object value)
    {
        return switch (value) {
            case null -> "NULL";
            case Double number -> String.format(Locale.ENGLISH, "%.9g", number);
            case Float number -> String.format(Locale.ENGLISH, "%.6g", number);
            case BigDecimal number -> number.stripTrailingZeros().toPlainString();
            default -> value.toString();
        };
    }
}
