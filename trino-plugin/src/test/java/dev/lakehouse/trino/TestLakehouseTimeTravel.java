package dev.lakehouse.trino;

import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

final class TestLakehouseTimeTravel
        extends AbstractTestQueryFramework
{
    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return LakehouseQueryRunner.builder().setWorkerCount(0).build();
    }

    @Test
    void testVersionsAreQueryable()
            throws InterruptedException
    {
        assertUpdate("CREATE TABLE travel (id integer, name varchar)");
        assertUpdate("INSERT INTO travel VALUES (1, 'one')", 1);
        String afterFirstInsert = timestampLiteral(Instant.now());
        Thread.sleep(50);
        assertUpdate("INSERT INTO travel VALUES (2, 'two')", 1);
        assertUpdate("COMMENT ON TABLE travel IS 'three versions of data'");

        assertThat(query("SELECT * FROM travel FOR VERSION AS OF 0")).returnsEmptyResult();
        assertThat(query("SELECT * FROM travel FOR VERSION AS OF 1")).matches("VALUES (1, VARCHAR 'one')");
        assertThat(query("SELECT * FROM travel FOR VERSION AS OF 2")).matches("VALUES (1, VARCHAR 'one'), (2, 'two')");
        assertThat(query("SELECT * FROM travel")).matches("VALUES (1, VARCHAR 'one'), (2, 'two')");
        assertThat(query("SELECT * FROM travel FOR TIMESTAMP AS OF TIMESTAMP '" + afterFirstInsert + "'")).matches("VALUES (1, VARCHAR 'one')");

        assertThat(query("SELECT * FROM travel FOR VERSION AS OF 99"))
                .failure().hasMessageContaining("has no version 99: the latest version is 3");
        assertThat(query("SELECT * FROM travel FOR TIMESTAMP AS OF TIMESTAMP '2000-01-01 00:00:00 UTC'"))
                .failure().hasMessageContaining("has no version committed at or before 2000-01-01T00:00:00Z");
        assertThat(query("INSERT INTO travel FOR VERSION AS OF 1 VALUES (3, 'three')"))
                .failure().hasMessageMatching("(?s).*(mismatched input|Cannot write to a past version).*");
    }

    private static String timestampLiteral(Instant instant)
    {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'").format(instant.atOffset(ZoneOffset.UTC));
    }
}
