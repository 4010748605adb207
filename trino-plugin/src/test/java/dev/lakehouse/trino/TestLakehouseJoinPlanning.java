package dev.lakehouse.trino;

import io.trino.Session;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cost-based optimizer plans joins from our statistics: written in the "wrong" order, a join still builds its
 * hash table from the smaller side, whether the other side is a lakehouse table or a table of another catalog.
 */
final class TestLakehouseJoinPlanning
        extends AbstractTestQueryFramework
{
    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        QueryRunner queryRunner = LakehouseQueryRunner.builder().setWorkerCount(0).build();
        queryRunner.execute("CREATE TABLE big_customer AS SELECT * FROM tpch.sf1.customer");
        queryRunner.execute("CREATE TABLE small_nation AS SELECT * FROM tpch.tiny.nation");
        return queryRunner;
    }

    @Test
    void testSmallTableOfAnotherCatalogIsTheBuildSide()
    {
        // syntactically tpch's 25 nations are the probe side and our 150,000 customers the build side
        String plan = logicalPlan("SELECT count(*) FROM tpch.tiny.nation n JOIN big_customer c ON n.nationkey = c.nationkey");
        assertProbeThenBuild(plan, "lakehouse:tpch.big_customer", "tpch:tiny:nation");
    }

    @Test
    void testSmallLakehouseTableIsTheBuildSide()
    {
        String plan = logicalPlan("SELECT count(*) FROM small_nation n JOIN tpch.sf1.customer c ON n.nationkey = c.nationkey");
        assertProbeThenBuild(plan, "tpch:sf1:customer", "lakehouse:tpch.small_nation");
    }

    @Test
    void testJoinOfTwoLakehouseTables()
    {
        String plan = logicalPlan("SELECT count(*) FROM small_nation n JOIN big_customer c ON n.nationkey = c.nationkey");
        assertProbeThenBuild(plan, "lakehouse:tpch.big_customer", "lakehouse:tpch.small_nation");
    }

    @Test
    void testWrittenOrderStaysWithoutCostBasedJoins()
    {
        // control for the assertion: when the optimizer may not reorder, the written order decides
        Session withoutStatistics = Session.builder(getSession())
                .setSystemProperty("join_reordering_strategy", "NONE")
                .setSystemProperty("join_distribution_type", "PARTITIONED")
                .build();
        String plan = (String) computeActual(withoutStatistics, "EXPLAIN (TYPE LOGICAL) SELECT count(*) FROM tpch.tiny.nation n JOIN big_customer c ON n.nationkey = c.nationkey").getOnlyValue();
        assertProbeThenBuild(plan, "tpch:tiny:nation", "lakehouse:tpch.big_customer");
    }

    private String logicalPlan(String sql)
    {
        return (String) computeActual("EXPLAIN (TYPE LOGICAL) " + sql).getOnlyValue();
    }

    /**
     * In a logical plan the join's probe input is printed before its build input.
     */
    private static void assertProbeThenBuild(String plan, String probeTable, String buildTable)
    {
        int join = plan.indexOf("InnerJoin[");
        assertThat(join).as("a join in:\n%s", plan).isNotNegative();
        int probe = plan.indexOf("table = " + probeTable, join);
        int build = plan.indexOf("table = " + buildTable, join);
        assertThat(probe).as("scan of %s in:\n%s", probeTable, plan).isNotNegative();
        assertThat(build).as("scan of %s in:\n%s", buildTable, plan).isNotNegative();
        assertThat(probe).as("%s is the probe side and %s the build side in:\n%s", probeTable, buildTable, plan).isLessThan(build);
    }
}
