package dev.lakehouse.transactionlog.checkpoint;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.TestingTable;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import io.trino.filesystem.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.lakehouse.transactionlog.TestingTable.remove;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkpoints keep the tombstones of files removed within the deleted-file retention, as Delta writers do, so that a
 * vacuum that reads only the checkpoint (any engine's) still knows which files versions within the retention read.
 */
class TestCheckpointTombstones
{
    @TempDir
    Path directory;

    @Test
    void testCheckpointKeepsTombstonesWithinTheRetention()
            throws IOException
    {
        TestingTable table = new TestingTable(directory.resolve("table"), List.of("part"), Map.of("delta.deletedFileRetentionDuration", "interval 2 days"));
        AddFileEntry recent = partitioned(table.writeFile("part=a/recent.parquet"), "a");
        AddFileEntry expired = partitioned(table.writeFile("part=b/expired.parquet"), "b");
        AddFileEntry readded = partitioned(table.writeFile("part=a/readded.parquet"), "a");
        table.commit(recent, expired, readded);
        table.commit(remove(recent));
        table.commit(RemoveFileEntry.of(expired, System.currentTimeMillis() - Duration.ofDays(3).toMillis(), true));
        table.commit(remove(readded));
        long version = table.commit(readded);

        // replay keeps every tombstone; the file added again is live, not a tombstone
        assertThat(table.log().loadSnapshot(version).tombstones()).extracting(RemoveFileEntry::path)
                .containsExactlyInAnyOrder(recent.path(), expired.path());

        table.writeCheckpoint(version);
        List<DeltaAction> actions = new ArrayList<>();
        new ParquetCheckpointReader().read(table.fileSystem(), List.of(Location.of("file://" + table.checkpointFile(version))), actions::add);
        List<RemoveFileEntry> tombstones = actions.stream().filter(RemoveFileEntry.class::isInstance).map(RemoveFileEntry.class::cast).toList();
        assertThat(tombstones).extracting(RemoveFileEntry::path).containsExactly(recent.path());
        RemoveFileEntry tombstone = tombstones.getFirst();
        assertThat(tombstone.size()).contains(recent.size());
        assertThat(tombstone.partitionValues()).contains(Map.of("part", "a"));
        assertThat(tombstone.dataChange()).isFalse();
        assertThat(actions).filteredOn(AddFileEntry.class::isInstance).extracting(action -> ((AddFileEntry) action).path()).containsExactly(readded.path());

        // read from the checkpoint alone, the snapshot has the same live files and the tombstone the checkpoint kept
        for (long commit = 0; commit <= version; commit++) {
            Files.delete(table.commitFile(commit));
        }
        TableSnapshot fromCheckpoint = table.log().loadLatestSnapshot();
        assertThat(fromCheckpoint.version()).isEqualTo(version);
        assertThat(fromCheckpoint.activeFiles()).extracting(AddFileEntry::path).containsExactly(readded.path());
        assertThat(fromCheckpoint.tombstones()).extracting(RemoveFileEntry::path).containsExactly(recent.path());
    }

    @Test
    void testTombstonesSurviveTheNextCheckpointUntilTheyExpire()
    {
        TestingTable table = new TestingTable(directory.resolve("table"), List.of(), Map.of());
        AddFileEntry file = table.writeFile("file.parquet");
        table.commit(file);
        long removed = table.commit(remove(file));
        table.writeCheckpoint(removed);
        AddFileEntry other = table.writeFile("other.parquet");
        long version = table.commit(other);
        table.writeCheckpoint(version);

        List<DeltaAction> actions = new ArrayList<>();
        new ParquetCheckpointReader().read(table.fileSystem(), List.of(Location.of("file://" + table.checkpointFile(version))), actions::add);
        assertThat(actions).filteredOn(RemoveFileEntry.class::isInstance).extracting(action -> ((RemoveFileEntry) action).path()).containsExactly(file.path());
        // the default retention is 7 days: a tombstone 8 days old is left out
        TableSnapshot snapshot = table.log().loadSnapshot(version);
        assertThat(ParquetCheckpointWriter.unexpiredTombstones(snapshot, System.currentTimeMillis() + Duration.ofDays(8).toMillis())).isEmpty();
        assertThat(ParquetCheckpointWriter.unexpiredTombstones(snapshot, System.currentTimeMillis())).extracting(RemoveFileEntry::path).containsExactly(file.path());
    }

    private static AddFileEntry partitioned(AddFileEntry file, String value)
    {
        return new AddFileEntry(file.path(), ImmutableMap.of("part", value), file.size(), file.modificationTime(), true, file.stats(), file.tags(), file.deletionVector());
    }
}
