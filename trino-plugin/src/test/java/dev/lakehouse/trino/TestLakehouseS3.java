package dev.lakehouse.trino;

import com.google.common.collect.ImmutableList;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tables on S3 through Trino's native S3 file system: commits are conditional writes ({@code If-None-Match: *}).
 */
final class TestLakehouseS3
        extends AbstractTestQueryFramework
{
    private static final String BUCKET = "lakehouse";

    private S3ProxyServer s3;
    private Path s3Data;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        s3Data = Files.createTempDirectory("lakehouse-s3");
        s3 = new S3ProxyServer(s3Data, ImmutableList.of(BUCKET));
        return LakehouseQueryRunner.builder()
                .setWorkerCount(0)
                .setWarehouseUri("s3://" + BUCKET + "/warehouse")
                .addCatalogProperty("fs.native-s3.enabled", "true")
                .addCatalogProperty("s3.endpoint", s3.endpoint())
                .addCatalogProperty("s3.region", "us-east-1")
                .addCatalogProperty("s3.path-style-access", "true")
                .addCatalogProperty("s3.aws-access-key", S3ProxyServer.ACCESS_KEY)
                .addCatalogProperty("s3.aws-secret-key", S3ProxyServer.SECRET_KEY)
                .addCatalogProperty("s3.exclusive-create", "true")
                .setInitialTables(ImmutableList.of(io.trino.tpch.TpchTable.NATION))
                .build();
    }

    @AfterAll
    void stopS3()
    {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void testReadWriteAndTimeTravelOnS3()
            throws Exception
    {
        assertQuery("SELECT count(*) FROM nation", "VALUES 25");
        assertUpdate("CREATE TABLE on_s3 WITH (partitioned_by = ARRAY['regionkey']) AS SELECT nationkey, name, regionkey FROM nation", 25);
        assertUpdate("INSERT INTO on_s3 VALUES (100, 'ATLANTIS', 9)", 1);
        assertQuery("SELECT count(*), max(nationkey) FROM on_s3", "VALUES (26, 100)");
        assertQuery("SELECT name FROM on_s3 WHERE regionkey = 9", "VALUES 'ATLANTIS'");
        assertQuery("SELECT count(*) FROM on_s3 FOR VERSION AS OF 0", "VALUES 25");
        assertThat(computeActual("SHOW TABLES").getOnlyColumnAsSet()).contains("on_s3", "nation");
        // the objects really are in the bucket
        try (Stream<Path> files = Files.walk(s3Data.resolve("data").resolve(BUCKET))) {
            assertThat(files.map(Path::toString).filter(path -> path.endsWith("on_s3/_delta_log/00000000000000000001.json"))).hasSize(1);
        }
    }

    @Test
    void testConcurrentInsertsOnS3()
            throws Exception
    {
        assertUpdate("CREATE TABLE s3_racing (writer integer)");
        int writers = 3;
        ExecutorService executor = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                int id = writer;
                futures.add(executor.submit((Callable<Void>) () -> {
                    for (int round = 0; round < 3; round++) {
                        getQueryRunner().execute("INSERT INTO s3_racing VALUES " + id);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(5, MINUTES);
            }
        }
        finally {
            executor.shutdownNow();
        }
        assertQuery("SELECT count(*) FROM s3_racing", "VALUES 9");
        assertQuery("SELECT count(*) FROM s3_racing FOR VERSION AS OF 9", "VALUES 9");
    }
}
