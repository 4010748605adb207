package dev.lakehouse.transactionlog.retention;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.TestingTable;
import io.trino.spi.TrinoException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static dev.lakehouse.transactionlog.TestingTable.setModificationTime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Log cleanup on a real table of 9 versions with checkpoints at 3 and 6: versions 0-6 are 40 days old, 7 and 8 new.
 */
final class TestLogCleanup
{
    private static final Instant NOW = Instant.now();

    @TempDir
    Path directory;
    private TestingTable table;

    @BeforeEach
    void createTable()
            throws Exception
    {
        table = new TestingTable(directory.resolve("table"), ImmutableList.of(), ImmutableMap.of());
        for (int file = 1; file <= 8; file++) {
            table.commit(table.writeFile("f%s.parquet".formatted(file)));
        }
        table.writeCheckpoint(3);
        table.writeCheckpoint(6);
        Path statistics = table.directory().resolve("_delta_log/_lakehouse");
        Files.createDirectories(statistics);
        for (long version = 0; version <= 8; version++) {
            Instant time = version <= 6 ? NOW.minus(Duration.ofDays(40)) : NOW;
            setModificationTime(table.commitFile(version), time);
            Path statisticsFile = statistics.resolve("column-statistics-%020d.json".formatted(version));
            Files.writeString(statisticsFile, "{}");
            setModificationTime(statisticsFile, time);
        }
        setModificationTime(table.checkpointFile(3), NOW.minus(Duration.ofDays(40)));
        setModificationTime(table.checkpointFile(6), NOW.minus(Duration.ofDays(40)));
    }

    @Test
    void testRemovesWhatCameBeforeTheNewestExpiredCheckpoint()
    {
        int removed = new LogCleanup(table.fileSystem(), table.log()).run(Duration.ofDays(30), NOW);
        // commits 0-5, the checkpoint of 3, and the column statistics of 0-5
        assertThat(removed).isEqualTo(6 + 1 + 6);
        for (long version = 0; version <= 5; version++) {
            assertThat(table.commitFile(version)).doesNotExist();
        }
        assertThat(table.checkpointFile(3)).doesNotExist();
        assertThat(table.checkpointFile(6)).exists();
        assertThat(table.directory().resolve("_delta_log/_last_checkpoint")).exists();
        assertThat(table.directory().resolve("_delta_log/_lakehouse/column-statistics-%020d.json".formatted(6))).exists();

        for (long version = 6; version <= 8; version++) {
            assertThat(table.log().loadSnapshot(version).activeFiles()).hasSize((int) version);
        }
        assertThatThrownBy(() -> table.log().loadSnapshot(4))
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("Version 4 of table")
                .hasMessageContaining("is no longer in the transaction log: log cleanup removed the log files before the checkpoint of version 6")
                .hasMessageContaining("delta.logRetentionDuration")
                .hasMessageContaining("The oldest version that can be read is 6");
        assertThatThrownBy(() -> table.log().loadSnapshotAsOf(NOW.minus(Duration.ofDays(50)).toEpochMilli()))
                .hasMessageContaining("log cleanup removed the versions before 6");
    }

    @Test
    void testNothingGoesWhileNoCheckpointIsOlderThanTheRetention()
    {
        assertThat(new LogCleanup(table.fileSystem(), table.log()).plan(Duration.ofDays(60), NOW)).isEmpty();
        assertThat(table.log().loadSnapshot(0).version()).isZero();
    }

    @Test
    void testCheckpointCommitsCleanUpWhenTheTableAllowsIt()
    {
        // a commit that writes a checkpoint runs the cleanup, as Delta writers do
        table.committer().commit(new dev.lakehouse.transactionlog.CommitRequest(table.latestVersion(), TestingTable.commitInfo(), ImmutableList.of(table.writeFile("f9.parquet")), false), 9);
        assertThat(table.commitFile(0)).doesNotExist();
        assertThat(table.commitFile(6)).exists();
    }
}
