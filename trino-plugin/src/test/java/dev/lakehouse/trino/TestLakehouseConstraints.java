package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
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
        // one bad row among good ones: nothing is written
        assertQueryFails("INSERT INTO priced VALUES (3, 5.00, 1), (4, -1.00, 2)", ".*Check constraint violation: \\(price > 0\\).*");
        assertQueryFails("INSERT INTO priced VALUES (5, 5.00, 101)", ".*Check constraint violation: \\(quantity BETWEEN 1 AND 100\\).*");
        assertQueryFails("INSERT INTO priced VALUES (NULL, 5.00, 1)", ".*NULL value not allowed for NOT NULL column: id.*");
        assertQueryFails("UPDATE priced SET price = 0 WHERE id = 1", ".*Check constraint violation: \\(price > 0\\).*");
        assertQueryFails("MERGE INTO priced t USING (VALUES (2, 500)) s(id, quantity) ON t.id = s.id WHEN MATCHED THEN UPDATE SET quantity = s.quantity",
                ".*Check constraint violation: \\(quantity BETWEEN 1 AND 100\\).*");
        assertQueryFails("INSERT INTO priced SELECT CAST(nationkey AS integer), CAST(nationkey AS decimal(10, 2)), 1 FROM tpch.tiny.nation", ".*Check constraint violation: \\(price > 0\\).*");
        assertThat(TableLogFiles.latestVersion(table)).isEqualTo(version);
        assertThat(query("SELECT id, price, quantity FROM priced")).matches("VALUES (1, CAST(9.99 AS decimal(10, 2)), 3), (2, CAST(1.50 AS decimal(10, 2)), 100)");

        // dropped, it no longer applies
        assertUpdate("CALL system.drop_constraint('tpch', 'priced', 'positive_price')");
        assertUpdate("INSERT INTO priced VALUES (6, -2.00, 5)", 1);
        assertQueryFails("CALL system.drop_constraint('tpch', 'priced', 'positive_price')", ".*Table tpch.priced has no constraint positive_price; it has \\[some_quantity\\].*");
        // a table with rows cannot take a new constraint, nor a name twice, nor a bad name
        assertQueryFails("CALL system.add_constraint('tpch', 'priced', 'late', 'id > 0')", ".*Cannot add constraint late to table tpch.priced: it has rows.*");
        assertQueryFails("CALL system.add_constraint('tpch', 'priced', 'some_quantity', 'id > 0')", ".*already has a constraint some_quantity.*");
        assertQueryFails("CALL system.add_constraint('tpch', 'priced', 'bad name', 'id > 0')", ".*Constraint name 'bad name' is not valid.*");
        assertQueryFails("CALL system.add_constraint('tpch', 'missing', 'c', 'id > 0')", ".*Table 'tpch.missing' not found.*");
    }
}
