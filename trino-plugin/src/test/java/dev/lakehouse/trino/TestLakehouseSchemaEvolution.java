package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ALTER TABLE on a real Trino: columns added to any table, renamed and dropped under column mapping (modes name and
 * id), mapping turned on for an existing table; each old version keeps reading with its own schema, and a column
 * added under a dropped one's name never sees the dropped data. The files hold physical names and field ids.
 */
final class TestLakehouseSchemaEvolution
        extends AbstractTestQueryFramework
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-schema-evolution");
        return LakehouseQueryRunner.builder().setWarehouse(warehouse).build();
    }

    @Test
    void testAddColumnWithoutColumnMapping()
            throws IOException
    {
        assertUpdate("CREATE TABLE added AS SELECT nationkey, name FROM tpch.tiny.nation", 25);
        long before = TableLogFiles.latestVersion(table("added"));
        assertUpdate("ALTER TABLE added ADD COLUMN note varchar COMMENT 'added later'");
        assertUpdate("INSERT INTO added VALUES (100, 'ATLANTIS', 'new')", 1);

        assertThat(query("SELECT count(*), count(note), max(note) FROM added")).matches("VALUES (BIGINT '26', BIGINT '1', CAST('new' AS varchar))");
        assertThat(query("SELECT note FROM added WHERE nationkey = 100")).matches("VALUES CAST('new' AS varchar)");
        // the version before the change has its own two columns
        assertThat(columnNames("SELECT * FROM added FOR VERSION AS OF " + before)).containsExactly("nationkey", "name");
        assertThat(columnNames("SELECT * FROM added")).containsExactly("nationkey", "name", "note");
        assertThat(operation(table("added"), before + 1)).isEqualTo("ADD COLUMNS");

        // a position, and an error for a name that exists
        assertUpdate("ALTER TABLE added ADD COLUMN first_one integer FIRST");
        assertThat(columnNames("SELECT * FROM added")).containsExactly("first_one", "nationkey", "name", "note");
        assertQueryFails("ALTER TABLE added ADD COLUMN name varchar", ".*Column 'name' already exists.*");
        // rows already there would have no value for a NOT NULL column
        assertQueryFails("ALTER TABLE added ADD COLUMN required integer NOT NULL", ".*Cannot add NOT NULL column 'required'.*add it as nullable.*");

        // renaming and dropping need column mapping, and the error says how to turn it on
        assertQueryFails("ALTER TABLE added DROP COLUMN note", ".*Cannot drop column 'note'.*needs column mapping.*column_mapping_mode = 'name'.*");
        assertQueryFails("ALTER TABLE added RENAME COLUMN note TO remark", ".*Cannot rename column 'note'.*needs column mapping.*");
        assertQueryFails("CREATE TABLE bad_mode (a integer) WITH (column_mapping_mode = 'bogus')", ".*column_mapping_mode is 'bogus', but the column mapping mode must be one of 'none', 'name' or 'id'.*");
    }

    @Test
    void testNotNullColumnAddedToEmptyTable()
    {
        assertUpdate("CREATE TABLE empty_one (id bigint)");
        assertUpdate("ALTER TABLE empty_one ADD COLUMN required integer NOT NULL");
        assertQueryFails("INSERT INTO empty_one VALUES (1, NULL)", ".*NULL value not allowed for NOT NULL column: required.*");
        assertUpdate("INSERT INTO empty_one VALUES (1, 2)", 1);
        assertQuery("SELECT * FROM empty_one", "VALUES (1, 2)");
    }

    @Test
    void testRenameAndDropWithNameMapping()
            throws IOException
    {
        assertUpdate("CREATE TABLE named (id bigint, name varchar, detail row(code integer, label varchar), region varchar) " +
                "WITH (column_mapping_mode = 'name', partitioned_by = ARRAY['region'])");
        assertUpdate("INSERT INTO named VALUES (1, 'one', ROW(10, 'ten'), 'east'), (2, 'two', ROW(20, 'twenty'), 'west')", 2);
        Path named = table("named");
        JsonNode metadata = latestMetadata(named);
        assertThat(metadata.get("configuration").get("delta.columnMapping.mode").asText()).isEqualTo("name");
        Map<String, JsonNode> fields = schemaFields(metadata);
        String namePhysical = fields.get("name").get("metadata").get("delta.columnMapping.physicalName").asText();
        assertThat(namePhysical).startsWith("col-");
        // the files name their columns physically, with the field ids of the schema (nested fields too)
        MessageType fileSchema = fileSchema(named);
        assertThat(fileSchema.containsField("name")).isFalse();
        assertThat(fileSchema.getType(namePhysical).getId().intValue()).isEqualTo(fields.get("name").get("metadata").get("delta.columnMapping.id").asInt());
        JsonNode code = fields.get("detail").get("type").get("fields").get(0);
        GroupType detail = fileSchema.getType(fields.get("detail").get("metadata").get("delta.columnMapping.physicalName").asText()).asGroupType();
        Type codeField = detail.getType(code.get("metadata").get("delta.columnMapping.physicalName").asText());
        assertThat(codeField.getId().intValue()).isEqualTo(code.get("metadata").get("delta.columnMapping.id").asInt());
        assertThat(query("SELECT id, name, detail.code, detail.label, region FROM named")).matches("VALUES (BIGINT '1', CAST('one' AS varchar), 10, CAST('ten' AS varchar), CAST('east' AS varchar)), (2, 'two', 20, 'twenty', 'west')");
        assertThat((String) computeScalar("SHOW CREATE TABLE named")).contains("column_mapping_mode = 'name'");

        long beforeRename = TableLogFiles.latestVersion(named);
        assertUpdate("ALTER TABLE named RENAME COLUMN name TO full_name");
        assertUpdate("ALTER TABLE named RENAME COLUMN region TO area");
        assertThat(query("SELECT id, full_name, area FROM named WHERE area = 'west'")).matches("VALUES (BIGINT '2', CAST('two' AS varchar), CAST('west' AS varchar))");
        assertThat(latestMetadata(named).get("partitionColumns").get(0).asText()).isEqualTo("area");
        assertQueryFails("ALTER TABLE named RENAME COLUMN full_name TO id", ".*Column 'id' already exists.*");

        long beforeDrop = TableLogFiles.latestVersion(named);
        assertUpdate("ALTER TABLE named DROP COLUMN detail");
        assertQueryFails("ALTER TABLE named DROP COLUMN area", ".*Cannot drop partition column 'area'.*");
        // a new column under the dropped one's name starts empty: it never reads the dropped data
        assertUpdate("ALTER TABLE named ADD COLUMN detail row(code integer, label varchar)");
        assertUpdate("INSERT INTO named VALUES (3, 'three', 'east', ROW(30, 'thirty'))", 1);
        assertThat(query("SELECT id, full_name, area, detail.code FROM named")).matches("VALUES (BIGINT '1', CAST('one' AS varchar), CAST('east' AS varchar), CAST(NULL AS integer)), (2, 'two', 'west', NULL), (3, 'three', 'east', 30)");

        // every old version reads with its own schema and rows
        assertThat(columnNames("SELECT * FROM named FOR VERSION AS OF " + beforeRename)).containsExactly("id", "name", "detail", "region");
        assertThat(query("SELECT name, detail.label FROM named FOR VERSION AS OF %s WHERE id = 2".formatted(beforeRename))).matches("VALUES (CAST('two' AS varchar), CAST('twenty' AS varchar))");
        assertThat(query("SELECT detail.code FROM named FOR VERSION AS OF %s WHERE id = 1".formatted(beforeDrop))).matches("VALUES 10");
        assertThat(columnNames("SELECT * FROM named FOR VERSION AS OF " + (beforeDrop + 1))).containsExactly("id", "full_name", "area");
        assertThat(operation(named, beforeRename + 1)).isEqualTo("RENAME COLUMN");
        assertThat(operation(named, beforeDrop + 1)).isEqualTo("DROP COLUMNS");
    }

    @Test
    void testIdMapping()
            throws IOException
    {
        assertUpdate("CREATE TABLE by_id WITH (column_mapping_mode = 'id') AS SELECT orderkey, custkey, totalprice FROM tpch.tiny.orders", 15000);
        Path byId = table("by_id");
        JsonNode metadata = latestMetadata(byId);
        assertThat(metadata.get("configuration").get("delta.columnMapping.mode").asText()).isEqualTo("id");
        assertThat(metadata.get("configuration").get("delta.columnMapping.maxColumnId").asInt()).isEqualTo(3);
        JsonNode protocol = TableLogFiles.latestAction(byId, "protocol");
        assertThat(protocol.get("minReaderVersion").asInt()).isEqualTo(2);
        assertThat(protocol.get("minWriterVersion").asInt()).isEqualTo(5);
        Map<String, JsonNode> fields = schemaFields(metadata);
        MessageType fileSchema = fileSchema(byId);
        for (String column : List.of("orderkey", "custkey", "totalprice")) {
            JsonNode field = fields.get(column).get("metadata");
            assertThat(fileSchema.getType(field.get("delta.columnMapping.physicalName").asText()).getId().intValue()).isEqualTo(field.get("delta.columnMapping.id").asInt());
        }
        assertUpdate("ALTER TABLE by_id RENAME COLUMN totalprice TO price");
        assertUpdate("ALTER TABLE by_id DROP COLUMN custkey");
        assertUpdate("ALTER TABLE by_id ADD COLUMN custkey bigint");
        // the new column gets the next id, never the dropped one's
        assertThat(latestMetadata(byId).get("configuration").get("delta.columnMapping.maxColumnId").asInt()).isEqualTo(4);
        assertThat(schemaFields(latestMetadata(byId)).get("custkey").get("metadata").get("delta.columnMapping.id").asInt()).isEqualTo(4);
        assertThat(query("SELECT count(*), sum(price), count(custkey) FROM by_id")).matches("SELECT count(*), sum(totalprice), BIGINT '0' FROM tpch.tiny.orders");
        assertQueryFails("ALTER TABLE by_id SET PROPERTIES column_mapping_mode = 'name'", ".*uses column mapping mode 'id', which cannot change to 'name'.*");
        assertQueryFails("ALTER TABLE by_id SET PROPERTIES column_mapping_mode = 'none'", ".*can only change from 'none' to 'name'.*");
    }

    @Test
    void testColumnMappingTurnedOnForAnExistingTable()
            throws IOException
    {
        assertUpdate("CREATE TABLE upgraded WITH (clustered_by = ARRAY['orderkey']) AS SELECT orderkey, orderstatus, totalprice FROM tpch.tiny.orders", 15000);
        Path upgraded = table("upgraded");
        long before = TableLogFiles.latestVersion(upgraded);
        assertQueryFails("ALTER TABLE upgraded SET PROPERTIES column_mapping_mode = 'id'", ".*can only change from 'none' to 'name'.*");
        assertUpdate("ALTER TABLE upgraded SET PROPERTIES column_mapping_mode = 'name'");
        JsonNode protocol = TableLogFiles.latestAction(upgraded, "protocol");
        assertThat(protocol.get("writerFeatures").toString()).contains("columnMapping", "clustering");
        // the existing columns keep their names as physical names: the files written before read as they are
        assertThat(schemaFields(latestMetadata(upgraded)).get("orderstatus").get("metadata").get("delta.columnMapping.physicalName").asText()).isEqualTo("orderstatus");
        assertUpdate("ALTER TABLE upgraded RENAME COLUMN orderstatus TO status");
        assertUpdate("INSERT INTO upgraded VALUES (100000, 'N', 1.5)", 1);
        assertThat(query("SELECT status, count(*) FROM upgraded GROUP BY status"))
                .matches("SELECT status, count(*) FROM (SELECT CAST(orderstatus AS varchar) status FROM tpch.tiny.orders UNION ALL SELECT CAST('N' AS varchar)) GROUP BY status");
        assertThat(query("SELECT count(*) FROM upgraded FOR VERSION AS OF " + before)).matches("VALUES BIGINT '15000'");
        // the clustering column is physical: renaming it keeps the clustering
        assertUpdate("ALTER TABLE upgraded RENAME COLUMN orderkey TO okey");
        assertThat((String) computeScalar("SHOW CREATE TABLE upgraded")).contains("clustered_by = ARRAY['okey']");
        assertQueryFails("ALTER TABLE upgraded DROP COLUMN okey", ".*it is a clustering column.*");
    }

    @Test
    void testFieldsOfRowsInsideArraysAndMaps()
            throws IOException
    {
        assertUpdate("CREATE TABLE nested_changes (id integer, items array(row(sku varchar, quantity smallint, legacy varchar)), prices map(varchar, row(amount real, currency varchar))) " +
                "WITH (column_mapping_mode = 'name', type_widening_enabled = true)");
        assertUpdate("INSERT INTO nested_changes VALUES (1, ARRAY[ROW('a', SMALLINT '2', 'old')], MAP(ARRAY['eu'], ARRAY[ROW(REAL '1.5', 'EUR')]))", 1);
        long before = TableLogFiles.latestVersion(table("nested_changes"));

        // what Trino has syntax for: adding and dropping fields of rows in arrays, changing field types in arrays and maps
        assertUpdate("ALTER TABLE nested_changes ADD COLUMN items.element.note varchar");
        assertUpdate("ALTER TABLE nested_changes DROP COLUMN items.element.legacy");
        assertUpdate("ALTER TABLE nested_changes ALTER COLUMN items.element.quantity SET DATA TYPE integer");
        assertUpdate("ALTER TABLE nested_changes ALTER COLUMN prices.value.amount SET DATA TYPE double");
        assertUpdate("INSERT INTO nested_changes VALUES (2, ARRAY[ROW('b', 70000, 'big')], MAP(ARRAY['us'], ARRAY[ROW(DOUBLE '2.25', 'USD')]))", 1);

        // the old file reads in the new shape: widened, the new field NULL, the dropped one gone
        assertThat(query("SELECT id, items[1].sku, items[1].quantity, items[1].note, prices['eu'].amount, prices['eu'].currency FROM nested_changes WHERE id = 1"))
                .matches("VALUES (1, CAST('a' AS varchar), 2, CAST(NULL AS varchar), DOUBLE '1.5', CAST('EUR' AS varchar))");
        assertThat(query("SELECT items[1].sku, items[1].quantity, items[1].note, prices['us'].amount FROM nested_changes WHERE id = 2"))
                .matches("VALUES (CAST('b' AS varchar), 70000, CAST('big' AS varchar), DOUBLE '2.25')");
        assertThat(query("SELECT typeof(items), typeof(prices) FROM nested_changes LIMIT 1"))
                .matches("VALUES (CAST('array(row(sku varchar, quantity integer, note varchar))' AS varchar), CAST('map(varchar, row(amount double, currency varchar))' AS varchar))");
        // the version before reads with its own schema
        assertThat(query("SELECT typeof(items), items[1].legacy FROM nested_changes FOR VERSION AS OF " + before))
                .matches("VALUES (CAST('array(row(sku varchar, quantity smallint, legacy varchar))' AS varchar), CAST('old' AS varchar))");
        // the widening is recorded on the field, as for a column
        JsonNode quantity = schemaFields(latestMetadata(table("nested_changes"))).get("items").get("type").get("elementType").get("fields").get(1);
        assertThat(quantity.get("metadata").get("delta.typeChanges").toString()).isEqualTo("[{\"fromType\":\"short\",\"toType\":\"integer\"}]");

        // bad paths and changes are named
        assertQueryFails("ALTER TABLE nested_changes ALTER COLUMN items.element.quantity SET DATA TYPE smallint", ".*from integer to smallint: only widenings that keep every value are allowed.*");
        assertQueryFails("ALTER TABLE nested_changes ADD COLUMN items.element.note varchar", ".*Field 'note' already exists.*");
    }

    @Test
    void testSetDataTypeWidensWithoutRewriting()
            throws IOException
    {
        assertUpdate("CREATE TABLE widening (id integer, amount decimal(10, 2), price real, day date, small tinyint, part varchar) WITH (partitioned_by = ARRAY['part'])");
        // two files in partition a, so that optimize rewrites them at the end
        assertUpdate("INSERT INTO widening VALUES (1, 12.34, REAL '1.5', DATE '2024-01-02', TINYINT '7', 'a')", 1);
        assertUpdate("INSERT INTO widening VALUES (2, NULL, NULL, NULL, NULL, 'a')", 1);
        long narrow = TableLogFiles.latestVersion(table("widening"));
        assertQueryFails("ALTER TABLE widening ALTER COLUMN id SET DATA TYPE bigint",
                ".*Cannot change the type of column 'id' of table tpch.widening from integer to bigint: type widening is off. Turn it on with ALTER TABLE tpch.widening SET PROPERTIES type_widening_enabled = true.*");

        assertUpdate("ALTER TABLE widening SET PROPERTIES type_widening_enabled = true");
        assertQueryFails("ALTER TABLE widening ALTER COLUMN id SET DATA TYPE smallint", ".*from integer to smallint: only widenings that keep every value are allowed.*");
        assertQueryFails("ALTER TABLE widening ALTER COLUMN amount SET DATA TYPE decimal(10, 4)", ".*from decimal\\(10,2\\) to decimal\\(10,4\\): only widenings.*");
        assertQueryFails("ALTER TABLE widening ALTER COLUMN part SET DATA TYPE varchar(10)", ".*it is a partition column.*");
        List<String> files = TableLogFiles.activeFiles(table("widening")).stream().map(file -> file.get("path").asText()).toList();
        assertUpdate("ALTER TABLE widening ALTER COLUMN id SET DATA TYPE bigint");
        assertUpdate("ALTER TABLE widening ALTER COLUMN amount SET DATA TYPE decimal(20, 4)");
        assertUpdate("ALTER TABLE widening ALTER COLUMN price SET DATA TYPE double");
        assertUpdate("ALTER TABLE widening ALTER COLUMN day SET DATA TYPE timestamp(6)");
        assertUpdate("ALTER TABLE widening ALTER COLUMN small SET DATA TYPE integer");
        assertUpdate("ALTER TABLE widening ALTER COLUMN small SET DATA TYPE decimal(12, 2)");
        assertUpdate("INSERT INTO widening VALUES (10000000000, 1234567890.1234, DOUBLE '0.1', TIMESTAMP '2024-05-06 07:08:09.123456', 1234567890.12, 'b')", 1);

        // no file was rewritten: the old one reads widened, next to the new one
        assertThat(TableLogFiles.activeFiles(table("widening")).stream().map(file -> file.get("path").asText())).containsAll(files);
        String expected = """
                VALUES (BIGINT '1', CAST(12.34 AS decimal(20, 4)), DOUBLE '1.5', TIMESTAMP '2024-01-02 00:00:00.000000', CAST(7 AS decimal(12, 2)), CAST('a' AS varchar)),
                       (BIGINT '2', NULL, NULL, NULL, NULL, CAST('a' AS varchar)),
                       (BIGINT '10000000000', CAST(1234567890.1234 AS decimal(20, 4)), DOUBLE '0.1', TIMESTAMP '2024-05-06 07:08:09.123456', CAST(1234567890.12 AS decimal(12, 2)), CAST('b' AS varchar))""";
        assertThat(query("SELECT * FROM widening")).matches(expected);
        // filters on widened columns, with the old file's statistics in the old types
        assertThat(query("SELECT id FROM widening WHERE id > 5")).matches("VALUES BIGINT '10000000000'");
        assertThat(query("SELECT id FROM widening WHERE day = TIMESTAMP '2024-01-02 00:00:00'")).matches("VALUES BIGINT '1'");
        assertThat(query("SELECT id FROM widening WHERE amount BETWEEN 12 AND 13")).matches("VALUES BIGINT '1'");
        // the version before reads with its own types
        assertThat(query("SELECT typeof(id), typeof(amount), typeof(day) FROM widening FOR VERSION AS OF %s LIMIT 1".formatted(narrow)))
                .matches("VALUES (CAST('integer' AS varchar), CAST('decimal(10,2)' AS varchar), CAST('date' AS varchar))");

        // the log records each change as the protocol asks, and the feature for readers and writers
        JsonNode small = schemaFields(latestMetadata(table("widening"))).get("small");
        assertThat(small.get("type").asText()).isEqualTo("decimal(12,2)");
        assertThat(small.get("metadata").get("delta.typeChanges").toString())
                .isEqualTo("[{\"fromType\":\"byte\",\"toType\":\"integer\"},{\"fromType\":\"integer\",\"toType\":\"decimal(12,2)\"}]");
        JsonNode protocol = TableLogFiles.latestAction(table("widening"), "protocol");
        assertThat(protocol.get("readerFeatures").toString()).contains("\"typeWidening\"");
        assertThat(protocol.get("writerFeatures").toString()).contains("\"typeWidening\"");
        assertThat(query("SHOW CREATE TABLE widening")).result().onlyColumnAsSet().first().asString().contains("type_widening_enabled = true");

        // a rewrite writes the wide types
        assertUpdate("ALTER TABLE widening EXECUTE optimize");
        assertThat(query("SELECT * FROM widening")).matches(expected);
        assertThat(TableLogFiles.activeFiles(table("widening")).stream().map(file -> file.get("path").asText())).doesNotContainAnyElementsOf(files);
        assertThat(fileSchema(table("widening")).getType("id").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveType.PrimitiveTypeName.INT64);
    }

    @Test
    void testSparkTableWithWidenedTypes()
            throws IOException
    {
        // Spark wrote one row, widened 13 columns (byte to long, float to double, decimal(10,2) to decimal(20,5), int to
        // decimal(11,1), date to timestamp_ntz ...), then wrote a second row: the first file keeps the narrow types
        Path copy = GoldenTables.copy("type-widening", warehouse.resolve("external/type-widening"));
        assertUpdate("CALL system.register_table('tpch', 'widened', '%s')".formatted(copy.toUri()));
        assertThat(query("SELECT * FROM widened WHERE byte_long = 1")).matches("""
                VALUES (BIGINT '1', BIGINT '2', DOUBLE '3.4000000953674316', DOUBLE '5', DOUBLE '6', DOUBLE '7',
                        CAST(123.45 AS decimal(20, 2)), CAST(67.89 AS decimal(20, 5)), CAST(1 AS decimal(11, 1)), CAST(2 AS decimal(11, 1)),
                        CAST(3 AS decimal(11, 1)), CAST(4 AS decimal(21, 1)), TIMESTAMP '2024-09-09 00:00:00.000000')""");
        // the second file holds values only the wide types can
        assertThat(query("SELECT count(*), max(byte_long), max(int_long) FROM widened")).matches("VALUES (BIGINT '2', BIGINT '9223372036854775807', BIGINT '9223372036854775807')");
        // statistics of the narrow file still prune
        assertThat(query("SELECT count(*) FROM widened WHERE decimal_decimal_same_scale < 1000")).matches("VALUES BIGINT '1'");
        assertThat(query("SELECT count(*) FROM widened WHERE date_timestamp_ntz = TIMESTAMP '2024-09-09 00:00:00'")).matches("VALUES BIGINT '1'");
        // the table takes rows in its wide types
        assertUpdate("INSERT INTO widened (byte_long, int_decimal) VALUES (3, 12345678.9)", 1);
        assertThat(query("SELECT int_decimal FROM widened WHERE byte_long = 3")).matches("VALUES CAST(12345678.9 AS decimal(11, 1))");
    }

    @Test
    void testCreateOrReplaceKeepsHistory()
            throws IOException
    {
        assertUpdate("CREATE TABLE replaced WITH (clustered_by = ARRAY['nationkey']) AS SELECT nationkey, name FROM tpch.tiny.nation", 25);
        Path replaced = table("replaced");
        String tableId = latestMetadata(replaced).get("id").asText();

        assertUpdate("CREATE OR REPLACE TABLE replaced (id bigint, label varchar) WITH (column_mapping_mode = 'name')");
        assertThat(query("SELECT count(*) FROM replaced")).matches("VALUES BIGINT '0'");
        assertThat(columnNames("SELECT * FROM replaced")).containsExactly("id", "label");
        List<JsonNode> actions = TableLogFiles.commitActions(replaced, 1);
        assertThat(operation(replaced, 1)).isEqualTo("CREATE OR REPLACE TABLE");
        assertThat(actions.stream().filter(action -> action.has("remove")).count()).isEqualTo(TableLogFiles.commitActions(replaced, 0).stream().filter(action -> action.has("add")).count());
        // same table, its protocol only raised (column mapping added to the clustering features), its clustering ended
        assertThat(latestMetadata(replaced).get("id").asText()).isEqualTo(tableId);
        assertThat(TableLogFiles.latestAction(replaced, "protocol").get("writerFeatures").toString()).contains("columnMapping", "clustering");
        assertThat(actions.stream().filter(action -> action.has("domainMetadata")).findFirst().orElseThrow().get("domainMetadata").get("removed").asBoolean()).isTrue();

        assertUpdate("CREATE OR REPLACE TABLE replaced AS SELECT regionkey AS id, name AS label FROM tpch.tiny.region", 5);
        assertThat(query("SELECT id, label FROM replaced")).matches("SELECT regionkey, CAST(name AS varchar) FROM tpch.tiny.region");
        assertThat(operation(replaced, 2)).isEqualTo("CREATE OR REPLACE TABLE AS SELECT");
        // the history stays readable, each version with its schema
        assertThat(query("SELECT nationkey, name FROM replaced FOR VERSION AS OF 0")).matches("SELECT nationkey, CAST(name AS varchar) FROM tpch.tiny.nation");
        assertThat(columnNames("SELECT * FROM replaced FOR VERSION AS OF 1")).containsExactly("id", "label");
        assertQueryFails("CREATE OR REPLACE TABLE replaced (x integer) WITH (location = 'file:///tmp/elsewhere-replaced')", ".*cannot move table.*");
    }

    private Path table(String name)
    {
        return warehouse.resolve("tpch").resolve(name);
    }

    private List<String> columnNames(String sql)
    {
        MaterializedResult result = computeActual(sql);
        return result.getColumnNames();
    }

    private static String operation(Path table, long version)
            throws IOException
    {
        return TableLogFiles.commitActions(table, version).stream()
                .filter(action -> action.has("commitInfo"))
                .findFirst().orElseThrow()
                .get("commitInfo").get("operation").asText();
    }

    private static JsonNode latestMetadata(Path table)
            throws IOException
    {
        return TableLogFiles.latestAction(table, "metaData");
    }

    private static Map<String, JsonNode> schemaFields(JsonNode metadata)
            throws IOException
    {
        Map<String, JsonNode> fields = new HashMap<>();
        for (JsonNode field : MAPPER.readTree(metadata.get("schemaString").asText()).get("fields")) {
            fields.put(field.get("name").asText(), field);
        }
        return fields;
    }

    /** The Parquet schema of the table's first active data file. */
    private static MessageType fileSchema(Path table)
            throws IOException
    {
        String path = TableLogFiles.activeFiles(table).getFirst().get("path").asText();
        return ParquetFooters.read(table.resolve(path)).getFileMetaData().getSchema();
    }
}
