package dev.lakehouse.maintenance.jobs;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.maintenance.LogListings;
import dev.lakehouse.maintenance.TestingWarehouse;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointReader;
import io.trino.filesystem.local.LocalFileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

final class TestJobCommits
{
    private static final long FILE_SIZE = 100;

    private TestingWarehouse warehouse;
    private final AtomicInteger logListings = new AtomicInteger();

    @BeforeEach
    void setUp()
            throws Exception
    {
        warehouse = new TestingWarehouse();
    }

    @AfterEach
    void tearDown()
            throws Exception
    {
        warehouse.close();
    }

    @Test
    void testBatchesAreFoundByTheirIdAmongOtherWritersCommits()
    {
        Path folder = warehouse.tableFolder("s", "t");
        warehouse.createTable(folder, ImmutableMap.of(), 3, 2, FILE_SIZE, 0);
        TransactionLog log = transactionLog(folder);

        JobCommits.Search nothingYet = JobCommits.find(log, 3, "job-0");
        assertThat(nothingYet.commit()).isEmpty();
        assertThat(nothingYet.lastVersionRead()).isEqualTo(3);

        // a user's DELETE, the job's first batch, another user's DELETE
        warehouse.removeFiles(folder, List.of("part-1-0.parquet"), 1000);
        warehouse.removeFilesAsJobBatch(folder, List.of("part-2-0.parquet", "part-2-1.parquet"), "job-0");
        warehouse.removeFiles(folder, List.of("part-3-0.parquet"), 1000);

        JobCommits.Search first = JobCommits.find(log, 3, "job-0");
        assertThat(first.commit()).hasValueSatisfying(commit -> {
            assertThat(commit.version()).isEqualTo(5);
            assertThat(commit.removedFiles()).isEqualTo(2);
            assertThat(commit.removedBytes()).isEqualTo(2 * FILE_SIZE);
        });
        assertThat(first.lastVersionRead()).isEqualTo(5);

        // the next batch committed nothing: every commit after the first batch's is read, none is its
        JobCommits.Search second = JobCommits.find(log, first.lastVersionRead(), "job-1");
        assertThat(second.commit()).isEmpty();
        assertThat(second.lastVersionRead()).isEqualTo(6);
        // another job's id is not this one's
        assertThat(JobCommits.find(log, 3, "job-00").commit()).isEmpty();
        assertThat(logListings).hasValue(0);
    }

    @Test
    void testALogFarAheadIsListedOnceInsteadOfProbedCommitByCommit()
    {
        Path folder = warehouse.tableFolder("s", "t");
        int appends = TransactionLog.COMMITS_PROBED_BEFORE_LISTING + 10;
        warehouse.createTable(folder, ImmutableMap.of(), appends, 1, FILE_SIZE, 0);
        warehouse.removeFilesAsJobBatch(folder, List.of("part-1-0.parquet"), "job-0");
        TransactionLog log = transactionLog(folder);

        JobCommits.Search search = JobCommits.find(log, 0, "job-0");
        assertThat(search.commit()).hasValueSatisfying(commit -> assertThat(commit.version()).isEqualTo(appends + 1));
        assertThat(logListings).hasValue(1);

        // near the end of the log again: probed
        assertThat(JobCommits.find(log, appends, "job-0").commit()).isPresent();
        assertThat(logListings).hasValue(1);
    }

    private TransactionLog transactionLog(Path folder)
    {
        return new TransactionLog(LogListings.counting(new LocalFileSystem(Path.of("/")), logListings), TestingWarehouse.location(folder), new ParquetCheckpointReader());
    }
}
