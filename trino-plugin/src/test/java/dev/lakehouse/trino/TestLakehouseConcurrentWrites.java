package dev.lakehouse.trino;

import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * INSERTs racing into one table all commit: the loser of a version re-reads, finds no conflict, and takes the next.
 * So do UPDATEs of different partitions: a conflict is decided per file read, not per table.
 */
final class TestLakehouseConcurrentWrites
        extends AbstractTestQueryFramework
{
    private static final int WRITERS = 4;
    private static final int INSERTS_PER_WRITER = 5;

    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-concurrent");
        return LakehouseQueryRunner.builder().setWarehouse(warehouse).setWorkerCount(0).build();
    }

    @Test
    void testConcurrentInsertsAllCommit()
            throws Exception
    {
        assertUpdate("CREATE TABLE racing (writer integer, round integer) WITH (checkpoint_interval = 1000)");
        race("INSERT INTO racing VALUES (%1$s, %2$s)");

        assertThat(query("SELECT count(*), count(DISTINCT (writer, round)) FROM racing"))
                .matches("VALUES (BIGINT '%s', BIGINT '%s')".formatted(WRITERS * INSERTS_PER_WRITER, WRITERS * INSERTS_PER_WRITER));
        // one commit per statement, no version skipped or written twice
        try (Stream<Path> files = Files.list(warehouse.resolve("tpch/racing/_delta_log"))) {
            assertThat(files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted().toList())
                    .hasSize(1 + WRITERS * INSERTS_PER_WRITER)
                    .last().isEqualTo("%020d.json".formatted(WRITERS * INSERTS_PER_WRITER));
        }
    }

    @Test
    void testConcurrentUpdatesOfDifferentPartitionsAllCommit()
            throws Exception
    {
        assertUpdate("CREATE TABLE by_writer WITH (partitioned_by = ARRAY['writer'], checkpoint_interval = 1000) AS SELECT writer, 0 AS updates FROM UNNEST(sequence(0, %s)) AS t(writer)".formatted(WRITERS - 1), WRITERS);
        long before = TableLogFiles.latestVersion(warehouse.resolve("tpch/by_writer"));
        race("UPDATE by_writer SET updates = updates + 1 WHERE writer = %1$s");
        // every UPDATE committed, though each removed a file while the others read the table
        assertThat(query("SELECT writer, updates FROM by_writer"))
                .matches("SELECT writer, %s FROM UNNEST(sequence(0, %s)) AS t(writer)".formatted(INSERTS_PER_WRITER, WRITERS - 1));
        assertThat(TableLogFiles.latestVersion(warehouse.resolve("tpch/by_writer"))).isEqualTo(before + WRITERS * INSERTS_PER_WRITER);
    }

    /**
     * Runs {@code statement} (formatted with the writer and the round) from every writer, round by round, all
     * writers of a round starting together.
     */
    private void race(String statement)
            throws Exception
    {
        CyclicBarrier barrier = new CyclicBarrier(WRITERS);
        ExecutorService executor = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                int writerId = writer;
                futures.add(executor.submit((Callable<Void>) () -> {
                    for (int round = 0; round < INSERTS_PER_WRITER; round++) {
                        barrier.await(1, MINUTES);
                        getQueryRunner().execute(statement.formatted(writerId, round));
                    }
                    return null;
                }));
            }
            for (Future<Void> future : futures) {
                future.get(5, MINUTES);
            }
        }
        finally {
            executor.shutdownNow();
        }
    }
}
