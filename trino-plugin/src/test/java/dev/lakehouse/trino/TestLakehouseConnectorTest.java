package dev.lakehouse.trino;

import dev.lakehouse.trino.schema.TypeConverter;
import dev.lakehouse.trino.schema.TypeWidening;
import io.trino.spi.TrinoException;
import io.trino.spi.type.Type;
import io.trino.testing.BaseConnectorTest;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import io.trino.testing.TestingConnectorBehavior;
import io.trino.testing.sql.TestTable;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static io.trino.spi.type.VarcharType.VARCHAR;
import static io.trino.testing.MaterializedResult.resultBuilder;
import static io.trino.type.InternalTypeManager.TESTING_TYPE_MANAGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Trino's full connector test. Its tables get column mapping and type widening by catalog default, so that the
 * column renames, drops and type changes it runs are allowed (the Delta protocol requires both for those).
 */
final class TestLakehouseConnectorTest
        extends BaseConnectorTest
{
    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return LakehouseQueryRunner.builder()
                .setInitialTables(REQUIRED_TPCH_TABLES)
                .addCatalogProperty("lakehouse.default-column-mapping-mode", "NAME")
                .addCatalogProperty("lakehouse.default-type-widening-enabled", "true")
                .build();
    }

    @Override
    protected boolean hasBehavior(TestingConnectorBehavior connectorBehavior)
    {
        return switch (connectorBehavior) {
            case SUPPORTS_CREATE_OR_REPLACE_TABLE -> true;
            // each statement commits on its own: the Delta log has no transactions over several statements
            case SUPPORTS_MULTI_STATEMENT_WRITES,
                 // the bytes written are in the log's add actions, not reported to Trino's query statistics yet
                 SUPPORTS_REPORTING_WRITTEN_BYTES -> false;
            // a schema is a folder of tables: renaming it would move every table (not implemented)
            case SUPPORTS_RENAME_SCHEMA,
                 // views and materialized views need a metastore; this connector has only the warehouse's folders
                 SUPPORTS_CREATE_VIEW,
                 SUPPORTS_CREATE_MATERIALIZED_VIEW,
                 // a lake of Parquet files has no engine to push a limit, top-n, aggregation, join or query to
                 SUPPORTS_TOPN_PUSHDOWN,
                 SUPPORTS_LIMIT_PUSHDOWN,
                 SUPPORTS_AGGREGATION_PUSHDOWN,
                 SUPPORTS_JOIN_PUSHDOWN,
                 SUPPORTS_NATIVE_QUERY,
                 // row columns are read whole (Parquet's nested columns are not projected yet)
                 SUPPORTS_DEREFERENCE_PUSHDOWN -> false;
            default -> super.hasBehavior(connectorBehavior);
        };
    }

    @Override
    protected TestTable createTableWithDefaultColumns()
    {
        return abort("Delta column defaults (allowColumnDefaults) are not written by this connector");
    }

    // Delta field names are unique ignoring case, so such rows are refused when the table is created
    @Test
    @Override
    public void testDropRowFieldWhenDuplicates()
    {
        assertQueryFails("CREATE TABLE duplicated_fields (col row(a integer, a integer, b integer))",
                "Column 'col' has a row type with two fields named 'a' \\(ignoring case\\), which Delta does not allow: rename one");
    }

    @Test
    @Override
    public void testDropAmbiguousRowFieldCaseSensitivity()
    {
        assertQueryFails("CREATE TABLE case_duplicated_fields (col row(\"some_field\" integer, \"SOME_FIELD\" integer))",
                "Column 'col' has a row type with two fields named 'SOME_FIELD' \\(ignoring case\\), which Delta does not allow: rename one");
    }

    @Override
    protected OptionalInt maxSchemaNameLength()
    {
        return OptionalInt.of(Warehouse.MAX_NAME_BYTES);
    }

    @Override
    protected void verifySchemaNameLengthFailurePermissible(Throwable e)
    {
        assertThat(e).hasMessageMatching("Schema name must be at most 255 bytes long .*");
    }

    @Override
    protected OptionalInt maxTableNameLength()
    {
        return OptionalInt.of(Warehouse.MAX_NAME_BYTES);
    }

    @Override
    protected void verifyTableNameLengthFailurePermissible(Throwable e)
    {
        assertThat(e).hasMessageMatching("Table name must be at most 255 bytes long .*");
    }

    @Override
    protected void verifyVersionedQueryFailurePermissible(Exception e)
    {
        // time travel is supported: what fails is a version of the wrong type or one the table does not have
        assertThat(e).hasMessageMatching("(?s)(FOR VERSION AS OF needs|FOR TIMESTAMP AS OF needs|Table versions start at 0|.*[Vv]ersion).*");
    }

    @Override
    protected String errorMessageForInsertIntoNotNullColumn(String columnName)
    {
        return "NULL value not allowed for NOT NULL column: " + columnName;
    }

    @Override
    protected void verifyAddNotNullColumnToNonEmptyTableFailurePermissible(Throwable e)
    {
        assertThat(e).hasMessageMatching("Cannot add NOT NULL column .* to table .*: its rows would have no value for it.*");
    }

    @Override
    protected void verifyConcurrentUpdateFailurePermissible(Exception e)
    {
        assertThat(e).hasMessageContaining("Transaction conflicts with a concurrent commit");
    }

    @Override
    protected void verifyConcurrentAddColumnFailurePermissible(Exception e)
    {
        assertThat(e).hasMessageContaining("Transaction conflicts with a concurrent commit");
    }

    @Override
    protected void verifySetColumnTypeFailurePermissible(Throwable e)
    {
        assertThat(e).hasMessageMatching(".*(only widenings that keep every value are allowed|it is a partition column).*");
    }

    @Override
    protected Optional<SetColumnTypeSetup> filterSetColumnTypesDataProvider(SetColumnTypeSetup setup)
    {
        // a type changes only by a widening the Delta protocol allows
        Type from = TESTING_TYPE_MANAGER.fromSqlType(setup.sourceColumnType());
        Type to = TESTING_TYPE_MANAGER.fromSqlType(setup.newColumnType());
        if (!isStorable(from)) {
            return Optional.empty();
        }
        return Optional.of(TypeWidening.isWidening(from, to) ? setup : setup.asUnsupported());
    }

    @Override
    protected void verifySetFieldTypeFailurePermissible(Throwable e)
    {
        assertThat(e).hasMessageMatching(".*only widenings that keep every value are allowed.*");
    }

    @Override
    protected Optional<SetColumnTypeSetup> filterSetFieldTypesDataProvider(SetColumnTypeSetup setup)
    {
        return filterSetColumnTypesDataProvider(setup);
    }

    // the base tests read the map back whole, which the Trino client cannot decode when its keys are rows: read the keys' fields instead
    @Test
    @Override
    public void testSetFieldMapKeyType()
    {
        assertWidenedMapKeyField("map(row(field integer), integer)", "MAP(ARRAY[CAST(ROW(1) AS row(field integer))], ARRAY[2])", "col.key.field", "map_keys(col)[1].field");
    }

    @Test
    @Override
    public void testSetNestedFieldMapKeyType()
    {
        assertWidenedMapKeyField("row(nested map(row(field integer), integer))", "CAST(ROW(MAP(ARRAY[CAST(ROW(1) AS row(field integer))], ARRAY[2])) AS row(nested map(row(field integer), integer)))", "col.nested.key.field", "map_keys(col.nested)[1].field");
    }

    private void assertWidenedMapKeyField(String columnType, String value, String fieldPath, String readField)
    {
        try (TestTable table = newTrinoTable("test_set_field_map_key_", "(col %s)".formatted(columnType))) {
            assertUpdate("INSERT INTO %s SELECT %s".formatted(table.getName(), value), 1);
            assertUpdate("ALTER TABLE %s ALTER COLUMN %s SET DATA TYPE bigint".formatted(table.getName(), fieldPath));
            assertThat(query("SELECT typeof(%s), %s FROM %s".formatted(readField, readField, table.getName()))).matches("VALUES (CAST('bigint' AS varchar), BIGINT '1')");
        }
    }

    private static boolean isStorable(Type type)
    {
        try {
            TypeConverter.toDeltaType(type, "col");
            return true;
        }
        catch (TrinoException e) {
            return false;
        }
    }

    @Override
    protected Optional<DataMappingTestSetup> filterDataMappingSmokeTestData(DataMappingTestSetup dataMappingTestSetup)
    {
        // Delta has no time type; timestamps without time zone are stored in microseconds, with one in milliseconds
        if (!isStorable(TESTING_TYPE_MANAGER.fromSqlType(dataMappingTestSetup.getTrinoTypeName()))) {
            return Optional.of(dataMappingTestSetup.asUnsupported());
        }
        return Optional.of(dataMappingTestSetup);
    }

    // varchar(n) is a Delta string: the length is not kept
    @Override
    protected MaterializedResult getDescribeOrdersResult()
    {
        return resultBuilder(getSession(), VARCHAR, VARCHAR, VARCHAR, VARCHAR)
                .row("orderkey", "bigint", "", "")
                .row("custkey", "bigint", "", "")
                .row("orderstatus", "varchar", "", "")
                .row("totalprice", "double", "", "")
                .row("orderdate", "date", "", "")
                .row("orderpriority", "varchar", "", "")
                .row("clerk", "varchar", "", "")
                .row("shippriority", "integer", "", "")
                .row("comment", "varchar", "", "")
                .build();
    }

    @Test
    @Override
    public void testShowCreateTable()
    {
        assertThat((String) computeScalar("SHOW CREATE TABLE orders"))
                .matches("""
                        CREATE TABLE lakehouse.tpch.orders \\(
                           orderkey bigint,
                           custkey bigint,
                           orderstatus varchar,
                           totalprice double,
                           orderdate date,
                           orderpriority varchar,
                           clerk varchar,
                           shippriority integer,
                           comment varchar
                        \\)
                        WITH \\(
                           checkpoint_interval = 10,
                           column_mapping_mode = 'name',
                           location = 'file:///.*/tpch/orders',
                           type_widening_enabled = true
                        \\)""");
    }
}
