package dev.lakehouse.trino;

import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every supported type survives a write and a read, as a data column and (for primitive types) as a partition column.
 */
final class TestLakehouseTypes
        extends AbstractTestQueryFramework
{
    private static final String VALUES = """
            VALUES
              (true, TINYINT '-7', SMALLINT '300', 42, BIGINT '9000000000', REAL '1.5', DOUBLE '-2.25',
               DECIMAL '12345678.91', DECIMAL '1234567890123456789012345.12345', 'héllo', CAST('ab' AS char(5)), X'0001FF',
               DATE '2024-02-29', TIMESTAMP '2024-01-02 03:04:05.123456', TIMESTAMP '2024-01-02 03:04:05.678 UTC',
               ARRAY[1, 2, NULL], MAP(ARRAY['a', 'b'], ARRAY[1.5E0, NULL]), CAST(ROW(1, 'x') AS row(f1 integer, f2 varchar))),
              (false, TINYINT '127', SMALLINT '-32768', -1, BIGINT '-1', REAL 'NaN', DOUBLE 'Infinity',
               DECIMAL '-0.01', DECIMAL '-9999999999999999999999999.99999', '', CAST('' AS char(5)), X'',
               DATE '1900-01-01', TIMESTAMP '1970-01-01 00:00:00.000001', TIMESTAMP '1969-12-31 23:59:59.999 UTC',
               ARRAY[], MAP(), CAST(ROW(NULL, NULL) AS row(f1 integer, f2 varchar))),
              (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
            """;
    private static final String COLUMNS = "c_boolean, c_tinyint, c_smallint, c_integer, c_bigint, c_real, c_double, c_short_decimal, c_long_decimal, " +
            "c_varchar, c_char, c_varbinary, c_date, c_timestamp, c_timestamp_tz, c_array, c_map, c_row";
    // the rows above, with exactly the column types of the tables under test
    private static final String TYPED_ROWS = """
            SELECT CAST(c_boolean AS boolean) c_boolean, CAST(c_tinyint AS tinyint) c_tinyint, CAST(c_smallint AS smallint) c_smallint,
              CAST(c_integer AS integer) c_integer, CAST(c_bigint AS bigint) c_bigint, CAST(c_real AS real) c_real, CAST(c_double AS double) c_double,
              CAST(c_short_decimal AS decimal(10, 2)) c_short_decimal, CAST(c_long_decimal AS decimal(30, 5)) c_long_decimal,
              CAST(c_varchar AS varchar) c_varchar, CAST(c_char AS char(5)) c_char, CAST(c_varbinary AS varbinary) c_varbinary, CAST(c_date AS date) c_date,
              CAST(c_timestamp AS timestamp(6)) c_timestamp, CAST(c_timestamp_tz AS timestamp(3) with time zone) c_timestamp_tz,
              CAST(c_array AS array(integer)) c_array, CAST(c_map AS map(varchar, double)) c_map, CAST(c_row AS row(f1 integer, f2 varchar)) c_row
            FROM (%s) AS t(%s)
            """.formatted(VALUES, COLUMNS);

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return LakehouseQueryRunner.builder().setWorkerCount(1).build();
    }

    @Test
    void testRoundTripOfAllTypes()
    {
        assertUpdate("CREATE TABLE all_types AS " + TYPED_ROWS, 3);
        assertThat(query("SELECT * FROM all_types")).matches(TYPED_ROWS);
        MaterializedResult types = computeActual("SELECT data_type FROM information_schema.columns WHERE table_name = 'all_types' ORDER BY ordinal_position");
        assertThat(types.getOnlyColumnAsSet()).contains("decimal(10,2)", "decimal(30,5)", "char(5)", "timestamp(6)", "timestamp(3) with time zone", "row(f1 integer, f2 varchar)");

        // INSERT appends a second file with the same rows
        assertUpdate("INSERT INTO all_types " + TYPED_ROWS, 3);
        assertThat(query("SELECT * FROM all_types")).matches(TYPED_ROWS + " UNION ALL " + TYPED_ROWS);
    }

    @Test
    void testFiltersOnEveryPrimitiveType()
    {
        assertUpdate("CREATE TABLE filtered AS " + TYPED_ROWS, 3);
        assertThat(query("SELECT c_integer FROM filtered WHERE c_tinyint = TINYINT '127'")).matches("VALUES -1");
        assertThat(query("SELECT c_integer FROM filtered WHERE c_smallint < SMALLINT '0'")).matches("VALUES -1");
        assertThat(query("SELECT c_integer FROM filtered WHERE c_bigint > BIGINT '100'")).matches("VALUES 42");
        assertThat(query("SELECT c_integer FROM filtered WHERE c_double > 0")).matches("VALUES -1");
        assertThat(query("SELECT c_integer FROM filtered WHERE c_short_decimal = DECIMAL '12345678.91'")).matches("VALUES 42");
        assertThat(query("SELECT c_integer FROM filtered WHERE c_long_decimal < 0")).matches("VALUES -1");
        assertThat(query("SELECT c_integer FROM filtered WHERE c_varchar = 'héllo'")).matches("VALUES 42");
        assertThat(query("SELECT c_integer FROM filtered WHERE c_date < DATE '2000-01-01'")).matches("VALUES -1");
        assertThat(query("SELECT c_integer FROM filtered WHERE c_timestamp = TIMESTAMP '2024-01-02 03:04:05.123456'")).matches("VALUES 42");
        assertThat(query("SELECT c_integer FROM filtered WHERE c_timestamp_tz = TIMESTAMP '2024-01-02 03:04:05.678 UTC'")).matches("VALUES 42");
        assertThat(query("SELECT count(*) FROM filtered WHERE c_integer IS NULL")).matches("VALUES BIGINT '1'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"c_boolean", "c_tinyint", "c_smallint", "c_integer", "c_bigint", "c_real", "c_double", "c_short_decimal", "c_long_decimal",
            "c_varchar", "c_char", "c_varbinary", "c_date", "c_timestamp", "c_timestamp_tz"})
    void testPartitionedBy(String partitionColumn)
    {
        String table = "partitioned_" + partitionColumn;
        assertUpdate("CREATE TABLE " + table + " WITH (partitioned_by = ARRAY['" + partitionColumn + "']) AS " + TYPED_ROWS, 3);
        // the Delta protocol reads an empty partition value as NULL
        String emptyAsNull = switch (partitionColumn) {
            case "c_varchar" -> "NULLIF(c_varchar, '')";
            case "c_char" -> "CAST(NULLIF(rtrim(CAST(c_char AS varchar)), '') AS char(5))";
            case "c_varbinary" -> "IF(length(c_varbinary) = 0, NULL, c_varbinary)";
            default -> partitionColumn;
        };
        assertThat(query("SELECT " + COLUMNS + " FROM " + table))
                .matches("SELECT " + COLUMNS.replaceAll("\\b" + partitionColumn + "\\b", emptyAsNull + " AS " + partitionColumn) + " FROM (" + TYPED_ROWS + ")");
        assertThat(query("SELECT count(*) FROM " + table + " WHERE " + partitionColumn + " IS NULL"))
                .matches("SELECT count(*) FROM (" + TYPED_ROWS + ") WHERE " + emptyAsNull + " IS NULL");
        assertUpdate("DROP TABLE " + table);
    }
}
