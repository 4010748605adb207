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
        CyclicBarrier barrier = new CyclicBarrier(WRITERS);
        ExecutorService executor = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                int writerId = writer;
                futures.add(executor.submit((Callable<Void>) () -> {
                    for (int round = 0; round < INSERTS_PER_WRITER; round++) {
                        barrier.await(1, MINUTES);
                        getQueryRunner().execute("INSERT INTO racing VALUES (%s, %s)".formatted(writerId, round));
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

        assertThat(query("SELECT count(*), count(DISTINCT (writer, round)) FROM racing"))
                .matches("VALUES (BIGINT '%s', BIGINT '%s')".formatted(WRITERS * INSERTS_PER_WRITER, WRITERS * INSERTS_PER_WRITER));
        // one commit per statement, no version skipped or written twice
        try (Stream<Path> files = Files.list(warehouse.resolve("tpch/racing/_delta_log"))) {
            assertThat(files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted().toList())
                    .hasSize(1 + WRITERS * INSERTS_PER_WRITER)
                    .last().isEqualTo("%020d.json".formatted(WRITERS * INSERTS_PER_WRITER));
        }
    }
}
