package dev.lakehouse.transactionlog;

import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DomainMetadataEntry;
import dev.lakehouse.transactionlog.actions.TransactionEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot advanced from an earlier one through the commits since (what the maintenance service's observer reads on
 * each look) must be the snapshot a full replay of the log gives, in every part a checkpoint is written from.
 */
final class TestTransactionLogAdvance
{
    @Test
    void testAdvancedSnapshotEqualsAFullReplay(@TempDir Path directory)
    {
        TestingTable table = new TestingTable(directory.resolve("table"), List.of(), Map.of());
        AddFileEntry first = table.writeFile("first.parquet");
        AddFileEntry second = table.writeFile("second.parquet");
        AddFileEntry third = table.writeFile("third.parquet");
        AddFileEntry gone = table.writeFile("gone.parquet");
        table.commit(first, second, gone, new DomainMetadataEntry("app.kept", "{\"a\":1}", false), new DomainMetadataEntry("app.dropped", "{}", false));
        // the earlier snapshot, read from a checkpoint, holds a tombstone and a transaction of its own
        table.commit(TestingTable.remove(gone), new TransactionEntry("other", 1, Optional.of(500L)));
        table.writeCheckpoint(2);
        TableSnapshot earlier = table.log().loadLatestSnapshot();

        List<Long> versionsRead = new ArrayList<>();
        table.commit(TestingTable.remove(first), third, new TransactionEntry("writer", 7, Optional.of(1000L)));
        table.commit(table.log().loadLatestSnapshot().metadata().withConfigurationValue("delta.logRetentionDuration", "interval 2 days"),
                new DomainMetadataEntry("app.dropped", "{}", true), new DomainMetadataEntry("app.kept", "{\"a\":2}", false));
        // the removed file comes back: its tombstone goes
        table.commit(first, TestingTable.remove(second), new TransactionEntry("writer", 8, Optional.of(2000L)));

        TableSnapshot advanced = table.log().advance(earlier, table.log().listLogFiles(), 5, (version, _) -> versionsRead.add(version));
        TableSnapshot full = table.log().loadLatestSnapshot();

        assertThat(versionsRead).containsOnly(3L, 4L, 5L);
        assertThat(advanced.version()).isEqualTo(full.version()).isEqualTo(5);
        assertThat(advanced.timestamp()).isEqualTo(full.timestamp());
        assertThat(advanced.protocol()).isEqualTo(full.protocol());
        assertThat(advanced.metadata()).isEqualTo(full.metadata());
        assertThat(advanced.metadata().configuration()).containsEntry("delta.logRetentionDuration", "interval 2 days");
        assertThat(advanced.activeFiles()).containsExactlyInAnyOrderElementsOf(full.activeFiles());
        assertThat(advanced.activeFiles()).extracting(AddFileEntry::path).containsExactlyInAnyOrder("first.parquet", "third.parquet");
        assertThat(advanced.transactions()).isEqualTo(full.transactions());
        assertThat(advanced.transactions()).containsOnlyKeys("writer", "other");
        assertThat(advanced.transactions().get("writer").version()).isEqualTo(8);
        assertThat(advanced.domainMetadata()).isEqualTo(full.domainMetadata());
        assertThat(advanced.domainMetadata()).containsOnlyKeys("app.kept");
        assertThat(advanced.tombstones()).containsExactlyInAnyOrderElementsOf(full.tombstones());
        assertThat(advanced.tombstones()).extracting(tombstone -> tombstone.path()).containsExactlyInAnyOrder("gone.parquet", "second.parquet");
    }
}
