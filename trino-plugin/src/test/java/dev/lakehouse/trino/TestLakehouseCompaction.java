package dev.lakehouse.trino;

import dev.lakehouse.transactionlog.actions.ActionJsonCodec;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.write.DataFileCompression;
import dev.lakehouse.trino.write.DataFileFragments;
import dev.lakehouse.trino.write.LakehousePageSink;
import dev.lakehouse.trino.write.SmallFileRows;
import dev.lakehouse.trino.write.WriteCompression;
import io.airlift.slice.Slice;
import io.trino.Session;
import io.trino.filesystem.Location;
import io.trino.filesystem.local.LocalFileSystem;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compaction at scale: a table of 10,000 small files (as a stream of tiny appends leaves it) becomes files of the
 * target size.
 */
final class TestLakehouseCompaction
        extends AbstractTestQueryFramework
{
    private static final int SMALL_FILES = 10_000;
    private static final int ROWS_PER_FILE = 40;

    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-compaction");
        return LakehouseQueryRunner.builder().setWarehouse(warehouse).setWorkerCount(0).build();
    }

    @Test
    void testTenThousandSmallFilesBecomeFilesOfTheTargetSize()
            throws Exception
    {
        assertUpdate("CREATE TABLE many_small_files (id bigint, amount double, label varchar)");
        Path table = warehouse.resolve("tpch/many_small_files");
        appendSmallFiles(table);
        assertThat(TableLogFiles.activeFiles(table)).hasSize(SMALL_FILES);
        assertQuery("SELECT count(*), count(DISTINCT id), sum(id) FROM many_small_files", expectedCounts());

        long target = 256 * 1024;
        Session session = Session.builder(getSession())
                .setCatalogSessionProperty(LakehouseQueryRunner.CATALOG, "target_file_size", target + "B")
                .setSystemProperty("task_max_writer_count", "1")
                .build();
        long start = System.nanoTime();
        assertUpdate(session, "ALTER TABLE many_small_files EXECUTE optimize");
        long millis = (System.nanoTime() - start) / 1_000_000;

        List<Long> sizes = TableLogFiles.activeFiles(table).stream().map(file -> file.get("size").asLong()).sorted().toList();
        System.out.printf("compacted %s files into %s in %s ms; sizes %s%n", SMALL_FILES, sizes.size(), millis, sizes);
        // every file but the remainder within 20% of the target
        assertThat(sizes.size()).isGreaterThan(1);
        assertThat(sizes.subList(1, sizes.size())).allSatisfy(size -> assertThat((double) size).isBetween(target * 0.8, target * 1.2));
        assertQuery("SELECT count(*), count(DISTINCT id), sum(id) FROM many_small_files", expectedCounts());
    }

    private static String expectedCounts()
    {
        long rows = (long) SMALL_FILES * ROWS_PER_FILE;
        return "SELECT CAST(%1$s AS BIGINT), CAST(%1$s AS BIGINT), CAST(%2$s AS BIGINT)".formatted(rows, rows * (rows - 1) / 2);
    }

    /**
     * Writes the small files with the connector's own writer and appends them in one commit, as another writer
     * would: much faster than ten thousand INSERT statements.
     */
    private static void appendSmallFiles(Path table)
            throws Exception
    {
        Location location = Location.of("local:///" + table.toString().substring(1));
        List<Slice> fragments = new ArrayList<>();
        for (int file = 0; file < SMALL_FILES; file++) {
            // one sink per file, as separate small writes would leave them
            LakehousePageSink sink = new LakehousePageSink(new LocalFileSystem(Path.of("/")), location, SmallFileRows.COLUMNS, 1 << 20, false, WriteCompression.uniform(DataFileCompression.ZSTD), "compaction-test", "test");
            sink.appendPage(SmallFileRows.page((long) file * ROWS_PER_FILE, ROWS_PER_FILE));
            fragments.addAll(sink.finish().get());
        }
        List<String> lines = new ArrayList<>();
        for (AddFileEntry file : DataFileFragments.parse(fragments)) {
            lines.add(ActionJsonCodec.serialize(file));
        }
        lines.add("{\"commitInfo\":{\"timestamp\":%s,\"operation\":\"WRITE\",\"operationParameters\":{\"mode\":\"Append\"}}}".formatted(System.currentTimeMillis()));
        Files.write(table.resolve("_delta_log/00000000000000000001.json"), lines);
    }

}
