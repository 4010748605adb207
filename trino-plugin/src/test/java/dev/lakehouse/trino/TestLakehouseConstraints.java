package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CHECK constraints and NOT NULL on a real Trino: every INSERT, UPDATE, MERGE and CTAS-then-INSERT is checked row by
 * row, and a statement with one bad row commits nothing.
 */
final class TestLakehouseConstraints
        extends AbstractTestQueryFramework
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-constraints");
        return LakehouseQueryRunner.builder().setWarehouse(warehouse).build();
    }

    @Test
    void testConstraintsRejectTheWholeWrite()
            throws IOException
    {
        assertUpdate("CREATE TABLE priced (id integer NOT NULL, price decimal(10, 2), quantity integer)");
        assertUpdate("CALL system.add_constraint('tpch', 'priced', 'positive_price', 'price > 0')");
        assertUpdate("CALL system.add_constraint('tpch', 'priced', 'some_quantity', 'quantity BETWEEN 1 AND 100')");
        Path table = warehouse.resolve("tpch/priced");
        JsonNode metadata = TableLogFiles.latestAction(table, "metaData");
        assertThat(metadata.get("configuration").get("delta.constraints.positive_price").asText()).isEqualTo("price > 0");
        assertThat(TableLogFiles.latestAction(table, "protocol").get("minWriterVersion").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(TableLogFiles.commitActions(table, TableLogFiles.latestVersion(table)).stream().filter(action -> action.has("commitInfo")).findFirst().orElseThrow()
                .get("commitInfo").get("operation").asText()).isEqualTo("ADD CONSTRAINT");

        assertUpdate("INSERT INTO priced VALUES (1, 9.99, 3), (2, 1.50, 100)", 2);
        long version = TableLogFiles.latestVersion(table);
        // one bad row among good ones: nothing is written; the error shows the rule and the values of the columns it reads
        assertQueryFails("INSERT INTO priced VALUES (3, 5.00, 1), (4, -1.00, 2)", "CHECK constraint positive_price \\(price > 0\\) violated by row with values: price = -1.00");
        assertQueryFails("INSERT INTO priced VALUES (5, 5.00, 101)", "CHECK constraint some_quantity \\(quantity BETWEEN 1 AND 100\\) violated by row with values: quantity = 101");
        // the protocol requires a rule to be true: NULL breaks it too
        assertQueryFails("INSERT INTO priced VALUES (5, NULL, 3)", "CHECK constraint positive_price \\(price > 0\\) violated by row with values: price = null");
        assertQueryFails("INSERT INTO priced VALUES (NULL, 5.00, 1)", ".*NULL value not allowed for NOT NULL column: id.*");
        assertQueryFails("UPDATE priced SET price = 0 WHERE id = 1", "CHECK constraint positive_price \\(price > 0\\) violated by row with values: price = 0.00");
        assertQueryFails("MERGE INTO priced t USING (VALUES (2, 500)) s(id, quantity) ON t.id = s.id WHEN MATCHED THEN UPDATE SET quantity = s.quantity",
                "CHECK constraint some_quantity \\(quantity BETWEEN 1 AND 100\\) violated by row with values: quantity = 500");
        assertQueryFails("INSERT INTO priced SELECT CAST(nationkey AS integer), CAST(nationkey AS decimal(10, 2)), 1 FROM tpch.tiny.nation", "CHECK constraint positive_price \\(price > 0\\) violated by row with values: price = 0.00");
        assertThat(TableLogFiles.latestVersion(table)).isEqualTo(version);
        assertThat(query("SELECT id, price, quantity FROM priced")).matches("VALUES (1, CAST(9.99 AS decimal(10, 2)), 3), (2, CAST(1.50 AS decimal(10, 2)), 100)");

        // dropped, it no longer applies
        assertUpdate("CALL system.drop_constraint('tpch', 'priced', 'positive_price')");
        assertUpdate("INSERT INTO priced VALUES (6, -2.00, 5)", 1);
        assertQueryFails("CALL system.drop_constraint('tpch', 'priced', 'positive_price')", ".*Table tpch.priced has no constraint positive_price; it has \\[some_quantity\\].*");
        // no name twice, nor a bad name
        assertQueryFails("CALL system.add_constraint('tpch', 'priced', 'some_quantity', 'id > 0')", ".*already has a constraint some_quantity.*");
        assertQueryFails("CALL system.add_constraint('tpch', 'priced', 'bad name', 'id > 0')", ".*Constraint name 'bad name' is not valid.*");
        assertQueryFails("CALL system.add_constraint('tpch', 'missing', 'c', 'id > 0')", ".*Table 'tpch.missing' not found.*");
    }

    @Test
    void testConstraintsAddedToTablesWithRowsMustHoldForEveryRow()
            throws IOException
    {
        assertUpdate("CREATE TABLE stocked WITH (partitioned_by = ARRAY['shipped'], deletion_vectors_enabled = true) AS " +
                "SELECT CAST(orderkey AS integer) id, totalprice price, orderstatus status, orderdate shipped_on, comment, orderdate < DATE '1995-01-01' shipped FROM tpch.tiny.orders", 15000);
        Path table = warehouse.resolve("tpch/stocked");
        long version = TableLogFiles.latestVersion(table);
        long expensive = (long) computeScalar("SELECT count(*) FROM stocked WHERE price >= 400000");
        assertThat(expensive).isPositive();
        // every kind of rule the rows break: the error counts the rows and shows the first one's values
        assertQueryFails("CALL system.add_constraint('tpch', 'stocked', 'cheap', 'price < 400000')",
                "Cannot add constraint cheap \\(price < 400000\\) to table tpch.stocked: %s of its rows break it, the first with values: price = 4\\d+\\.\\d+. Change or delete them first".formatted(expensive));
        assertQueryFails("CALL system.add_constraint('tpch', 'stocked', 'recent', 'shipped_on >= DATE ''1993-01-01'' OR NOT shipped')",
                "Cannot add constraint recent .* to table tpch.stocked: %s of its rows break it, the first with values: shipped_on = 1992-.*, shipped = true.*"
                        .formatted(computeScalar("SELECT count(*) FROM stocked WHERE shipped_on < DATE '1993-01-01'")));
        assertQueryFails("CALL system.add_constraint('tpch', 'stocked', 'known', 'status IN (''F'', ''O'')')",
                ".*: %s of its rows break it, the first with values: status = P.*".formatted(computeScalar("SELECT count(*) FROM stocked WHERE status = 'P'")));
        assertQueryFails("CALL system.add_constraint('tpch', 'stocked', 'polite', 'comment NOT LIKE ''%furious%''')",
                ".*: %s of its rows break it, .*comment = .*furious.*".formatted(computeScalar("SELECT count(*) FROM stocked WHERE comment LIKE '%furious%'")));
        assertQueryFails("CALL system.add_constraint('tpch', 'stocked', 'money', 'price * 2 - id BETWEEN 0 AND 1000000 AND -price < 0')",
                ".*: %s of its rows break it.*".formatted(computeScalar("SELECT count(*) FROM stocked WHERE NOT (price * 2 - id BETWEEN 0 AND 1000000 AND -price < 0)")));
        assertQueryFails("CALL system.add_constraint('tpch', 'stocked', 'matching', 'regexp_like(comment, ''x'')')",
                "Cannot check the rows already in the table against constraint matching: it uses function regexp_like, and this connector evaluates only .*");
        assertQueryFails("CALL system.add_constraint('tpch', 'stocked', 'typo', 'prize > 0')", "Constraint typo reads column prize, which the table does not have; .*");
        assertQueryFails("CALL system.add_constraint('tpch', 'stocked', 'broken', 'price >')", "Constraint broken is not a valid SQL expression: .*");
        assertThat(TableLogFiles.latestVersion(table)).isEqualTo(version);

        // once the rows that break it are gone (here hidden by deletion vectors), the constraint is added and binds
        assertUpdate("DELETE FROM stocked WHERE price >= 400000", expensive);
        assertUpdate("CALL system.add_constraint('tpch', 'stocked', 'cheap', 'price < 400000')");
        assertUpdate("CALL system.add_constraint('tpch', 'stocked', 'sane', " +
                "'length(trim(comment)) > 0 AND lower(status) <> ''x'' AND abs(price) >= 0 AND coalesce(shipped_on, DATE ''2000-01-01'') > DATE ''1990-01-01'' AND id % 1 = 0 AND status IS NOT NULL')");
        assertQueryFails("INSERT INTO stocked VALUES (1, 600000, 'F', DATE '1999-01-01', 'big', false)", "CHECK constraint cheap \\(price < 400000\\) violated by row with values: price = 600000.0");
        assertUpdate("INSERT INTO stocked VALUES (1, 6, 'F', DATE '1999-01-01', 'small', false)", 1);
        assertQuery("SELECT count(*) FROM stocked", "VALUES %s".formatted(15000 - expensive + 1));
    }

    @Test
    void testViolationsShowTheValuesOfTheColumnsARuleReads()
            throws IOException
    {
        assertUpdate("CREATE TABLE orders (id integer, item varchar, price double, quantity integer, tags array(varchar))");
        assertUpdate("CALL system.add_constraint('tpch', 'orders', 'order_total', 'price * quantity < 1000 AND item <> ''price''')");
        assertQueryFails("INSERT INTO orders VALUES (1, 'it''s', 20.5, 100, ARRAY['a'])",
                "CHECK constraint order_total \\(price \\* quantity < 1000 AND item <> 'price'\\) violated by row with values: item = it's, price = 20.5, quantity = 100");
        assertUpdate("INSERT INTO orders VALUES (1, 'pen', 2.5, 4, ARRAY['a'])", 1);

        // a column invariant, as Delta writer version 2 stores it in the field's metadata
        Path table = warehouse.resolve("tpch/orders");
        ObjectNode invariant = JSON.createObjectNode();
        invariant.putObject("expression").put("expression", "cardinality(tags) > id");
        ObjectNode schema = JSON.createObjectNode().put("type", "struct");
        schema.putArray("fields")
                .add(JSON.createObjectNode().put("name", "id").put("type", "integer").put("nullable", true).set("metadata", JSON.createObjectNode()))
                .add(JSON.createObjectNode().put("name", "tags").put("nullable", true)
                        .<ObjectNode>set("type", JSON.createObjectNode().put("type", "array").put("elementType", "string").put("containsNull", true))
                        .set("metadata", JSON.createObjectNode().put("delta.invariants", invariant.toString())));
        ObjectNode metadata = (ObjectNode) TableLogFiles.latestAction(table, "metaData").deepCopy();
        metadata.put("schemaString", schema.toString()).putObject("configuration");
        long version = TableLogFiles.latestVersion(table) + 1;
        Files.writeString(table.resolve("_delta_log/%020d.json".formatted(version)), String.join("\n",
                JSON.createObjectNode().set("commitInfo", JSON.createObjectNode().put("timestamp", System.currentTimeMillis()).put("operation", "CHANGE COLUMN")).toString(),
                JSON.createObjectNode().set("protocol", JSON.createObjectNode().put("minReaderVersion", 1).put("minWriterVersion", 2)).toString(),
                JSON.createObjectNode().set("metaData", metadata).toString()) + "\n");

        assertQueryFails("INSERT INTO orders VALUES (2, ARRAY['x', 'y'])", "Invariant of column tags \\(cardinality\\(tags\\) > id\\) violated by row with values: id = 2, tags = \\[\"x\",\"y\"\\]");
        assertUpdate("INSERT INTO orders VALUES (1, ARRAY['x', 'y'])", 1);
        assertThat(TableLogFiles.latestVersion(table)).isEqualTo(version + 1);
    }

    @Test
    void testGeneratedAndIdentityColumnsOfOtherEnginesAreReadButNeverWritten()
            throws IOException
    {
        assertUpdate("CREATE TABLE generated (id bigint, price double, doubled double)");
        assertUpdate("INSERT INTO generated VALUES (1, 1.5, 3.0), (2, 2.5, 5.0)", 2);
        // as Spark declares them: id an identity column, doubled generated from price (writer version 6 has both features)
        Path table = warehouse.resolve("tpch/generated");
        JsonNode metadata = TableLogFiles.latestAction(table, "metaData");
        String schema = "{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[" +
                "{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"long\\\",\\\"nullable\\\":true,\\\"metadata\\\":{\\\"delta.identity.start\\\":1,\\\"delta.identity.step\\\":1,\\\"delta.identity.highWaterMark\\\":2,\\\"delta.identity.allowExplicitInsert\\\":false}}," +
                "{\\\"name\\\":\\\"price\\\",\\\"type\\\":\\\"double\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}," +
                "{\\\"name\\\":\\\"doubled\\\",\\\"type\\\":\\\"double\\\",\\\"nullable\\\":true,\\\"metadata\\\":{\\\"delta.generationExpression\\\":\\\"price * 2\\\"}}]}";
        String changed = "{\"commitInfo\":{\"timestamp\":%d,\"operation\":\"CHANGE COLUMN\",\"operationParameters\":{}}}\n{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":6}}\n".formatted(System.currentTimeMillis()) +
                "{\"metaData\":{\"id\":\"%s\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":\"%s\",\"partitionColumns\":[],\"configuration\":{},\"createdTime\":0}}\n".formatted(metadata.get("id").asText(), schema);
        long version = TableLogFiles.latestVersion(table) + 1;
        Files.writeString(table.resolve("_delta_log/%020d.json".formatted(version)), changed);

        assertQuery("SELECT * FROM generated", "VALUES (1, 1.5, 3.0), (2, 2.5, 5.0)");
        for (String write : java.util.List.of(
                "INSERT INTO generated (price) VALUES 4.0",
                "UPDATE generated SET price = 9 WHERE id = 1",
                "DELETE FROM generated WHERE id = 2",
                "MERGE INTO generated t USING (VALUES 1) s(id) ON t.id = s.id WHEN MATCHED THEN DELETE")) {
            assertQueryFails(write, ".*Table tpch.generated uses generated columns, identity columns \\(Delta writer version 6\\), which this connector cannot write yet.*");
        }
        assertThat(TableLogFiles.latestVersion(table)).isEqualTo(version);
        assertQuery("SELECT * FROM generated", "VALUES (1, 1.5, 3.0), (2, 2.5, 5.0)");
    }
}
