package dev.lakehouse.transactionlog;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.DomainMetadataEntry;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import dev.lakehouse.transactionlog.checkpoint.CheckpointReader;
import dev.lakehouse.transactionlog.checkpoint.CheckpointWriter;
import dev.lakehouse.transactionlog.store.LocalLogStore;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.local.LocalFileSystem;
import io.trino.spi.TrinoException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Optimistic concurrency on a real local log: transactions that read the same version race for the next one.
 */
final class TestTransactionCommitter
{
    private static final CheckpointReader NO_CHECKPOINTS = (_, parts, _) -> {
        throw new IllegalStateException("no checkpoint expected: " + parts);
    };
    private static final CheckpointWriter CHECKPOINTS_DISABLED = (_, _, _) -> {
        throw new IllegalStateException("checkpoints are disabled in this test");
    };

    @TempDir
    Path directory;
    private TransactionLog log;
    private TransactionCommitter committer;

    @BeforeEach
    void createTable()
    {
        TrinoFileSystem fileSystem = new LocalFileSystem(Path.of("/"));
        Location location = Location.of("file://" + directory.resolve("table"));
        log = new TransactionLog(fileSystem, location, NO_CHECKPOINTS);
        committer = new TransactionCommitter(fileSystem, log, new LocalLogStore(), CHECKPOINTS_DISABLED);
        commit(OptionalLong.empty(), false, ProtocolEntry.legacy(1, 2), metadata("v0"));
        commit(OptionalLong.of(0), false, add("a"), add("b"));
    }

    @Test
    void testBlindAppendsRacingForTheSameVersionBothCommit()
    {
        assertThat(commit(OptionalLong.of(1), false, add("c"))).isEqualTo(2);
        assertThat(commit(OptionalLong.of(1), false, add("d"))).isEqualTo(3);
        assertThat(activePaths()).containsExactlyInAnyOrder("a", "b", "c", "d");
    }

    @Test
    void testMetadataChangeConflictsWithEveryLaterCommitOfTheSameReadVersion()
    {
        commit(OptionalLong.of(1), false, metadata("v1"));
        assertThatThrownBy(() -> commit(OptionalLong.of(1), false, add("c")))
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("version 2 changed the table's metadata");
        assertThat(log.loadLatestSnapshot().version()).isEqualTo(2);
    }

    @Test
    void testRemovingTheSameFileTwiceConflicts()
    {
        commit(OptionalLong.of(1), false, remove("a"), add("a-compacted"));
        assertThatThrownBy(() -> commit(OptionalLong.of(1), false, remove("a"), add("a-rewritten")))
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("version 2 removed file a, which this transaction also removes");
        assertThat(activePaths()).containsExactlyInAnyOrder("a-compacted", "b");
    }

    @Test
    void testAddingAgainAFileRemovedConcurrentlyConflicts()
    {
        // new statistics for file a (a re-add of its path) must not bring it back after a concurrent removal
        commit(OptionalLong.of(1), false, remove("a"), add("a-compacted"));
        assertThatThrownBy(() -> commit(OptionalLong.of(1), false, add("a")))
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("version 2 removed file a, which this transaction adds again");
        assertThat(activePaths()).containsExactlyInAnyOrder("a-compacted", "b");
    }

    @Test
    void testConcurrentChangesOfOneDomainConflict()
    {
        commit(OptionalLong.of(1), false, new DomainMetadataEntry("delta.clustering", "{\"clusteringColumns\":[[\"a\"]]}", false));
        assertThatThrownBy(() -> commit(OptionalLong.of(1), false, new DomainMetadataEntry("delta.clustering", "{\"clusteringColumns\":[[\"b\"]]}", false)))
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("version 2 changed the configuration of domain delta.clustering");
        // another domain does not conflict
        assertThat(commit(OptionalLong.of(1), false, new DomainMetadataEntry("other", "{}", false))).isEqualTo(3);
        assertThat(log.loadLatestSnapshot().domainMetadata()).containsOnlyKeys("delta.clustering", "other");
        assertThat(log.loadLatestSnapshot().domainMetadata().get("delta.clustering").configuration()).contains("[\"a\"]");
    }

    @Test
    void testReadingTransactionConflictsWithConcurrentAppend()
    {
        commit(OptionalLong.of(1), false, add("c"));
        assertThatThrownBy(() -> commit(OptionalLong.of(1), true, remove("b")))
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("version 2 added data that this transaction's read would have seen");
    }

    @Test
    void testWriteSerializableReadIgnoresConcurrentAppendsButNotRemovals()
    {
        // a blind append that won the race is as if it ran after the delete: the delete commits, the append stays
        commit(OptionalLong.of(1), false, add("c"));
        assertThat(commit(OptionalLong.of(1), true, IsolationLevel.WRITE_SERIALIZABLE, remove("b"), add("b-rewritten"))).isEqualTo(3);
        assertThat(activePaths()).containsExactlyInAnyOrder("a", "b-rewritten", "c");
        // a concurrent delete of data it read is a conflict at any level
        commit(OptionalLong.of(3), false, new RemoveFileEntry("c", Optional.empty(), 0, true, Optional.empty(), Optional.empty()));
        assertThatThrownBy(() -> commit(OptionalLong.of(3), true, IsolationLevel.WRITE_SERIALIZABLE, remove("a")))
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("version 4 deleted data that this transaction read");
    }

    @Test
    void testConcurrentDeleteConflictsOnlyWhenItRemovesAFileThatWasRead()
    {
        // the reader read only file a (its predicate excluded b): a concurrent delete from b is not a conflict
        commit(OptionalLong.of(1), true, IsolationLevel.WRITE_SERIALIZABLE, deleted("b"));
        CommitInfoEntry info = new CommitInfoEntry(0, "TEST", ImmutableMap.of(), ImmutableMap.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(committer.commit(new CommitRequest(OptionalLong.of(1), info, ImmutableList.of(deleted("a"), add("a-rewritten")), true, IsolationLevel.WRITE_SERIALIZABLE, Optional.of(Set.of("a"))), 0))
                .isEqualTo(3);
        assertThat(activePaths()).containsExactly("a-rewritten");
        // one that read a-rewritten conflicts with a delete from it
        commit(OptionalLong.of(3), true, IsolationLevel.WRITE_SERIALIZABLE, deleted("a-rewritten"), add("a-again"));
        assertThatThrownBy(() -> committer.commit(new CommitRequest(OptionalLong.of(3), info, ImmutableList.of(add("new")), true, IsolationLevel.WRITE_SERIALIZABLE, Optional.of(Set.of("a-rewritten"))), 0))
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("version 4 deleted data that this transaction read (file a-rewritten)");
    }

    @Test
    void testIsolationLevelComesFromTheTableProperty()
    {
        assertThat(IsolationLevel.of(log.loadLatestSnapshot().metadata())).isEqualTo(IsolationLevel.WRITE_SERIALIZABLE);
        MetadataEntry serializable = metadata("v1").withConfiguration(ImmutableMap.of(IsolationLevel.TABLE_PROPERTY, "Serializable"));
        assertThat(IsolationLevel.of(serializable)).isEqualTo(IsolationLevel.SERIALIZABLE);
        assertThatThrownBy(() -> IsolationLevel.of(metadata("v1").withConfiguration(ImmutableMap.of(IsolationLevel.TABLE_PROPERTY, "snapshot"))))
                .isInstanceOf(TrinoException.class)
                .hasMessage("Invalid value 'snapshot' of table property delta.isolationLevel: expected Serializable or WriteSerializable");
    }

    @Test
    void testDataChangeFalseRewriteDoesNotConflictWithAppend()
    {
        commit(OptionalLong.of(1), false, add("c"));
        assertThat(commit(OptionalLong.of(1), false, remove("a"), add("a-compacted"))).isEqualTo(3);
        assertThat(activePaths()).containsExactlyInAnyOrder("a-compacted", "b", "c");
    }

    @Test
    void testCreatingAnExistingTableFails()
    {
        assertThatThrownBy(() -> commit(OptionalLong.empty(), false, ProtocolEntry.legacy(1, 2), metadata("again")))
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("another transaction created a table there");
    }

    @Test
    void testCommitFilesAreNeverOverwritten()
            throws Exception
    {
        Path firstCommit = directory.resolve("table/_delta_log/00000000000000000001.json");
        String before = Files.readString(firstCommit);
        commit(OptionalLong.of(0), false, add("late"));
        assertThat(Files.readString(firstCommit)).isEqualTo(before);
        try (var files = Files.list(firstCommit.getParent())) {
            assertThat(files.map(path -> path.getFileName().toString()).sorted().toList())
                    .containsExactly("00000000000000000000.json", "00000000000000000001.json", "00000000000000000002.json");
        }
    }

    private long commit(OptionalLong readVersion, boolean readsData, DeltaAction... actions)
    {
        return commit(readVersion, readsData, IsolationLevel.SERIALIZABLE, actions);
    }

    private long commit(OptionalLong readVersion, boolean readsData, IsolationLevel isolationLevel, DeltaAction... actions)
    {
        CommitInfoEntry info = new CommitInfoEntry(0, "TEST", ImmutableMap.of(), ImmutableMap.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        return committer.commit(new CommitRequest(readVersion, info, ImmutableList.copyOf(actions), readsData, isolationLevel), 0);
    }

    private List<String> activePaths()
    {
        return log.loadLatestSnapshot().activeFiles().stream().map(AddFileEntry::path).toList();
    }

    private static MetadataEntry metadata(String id)
    {
        return new MetadataEntry(id, Optional.empty(), Optional.empty(), "parquet",
                "{\"type\":\"struct\",\"fields\":[{\"name\":\"x\",\"type\":\"integer\",\"nullable\":true,\"metadata\":{}}]}",
                ImmutableList.of(), ImmutableMap.of(), Optional.empty());
    }

    private static AddFileEntry add(String path)
    {
        return new AddFileEntry(path, ImmutableMap.of(), 10, 0, true, Optional.of("{\"numRecords\":1}"), ImmutableMap.of(), Optional.empty());
    }

    /** A removal that deletes rows (dataChange), as DELETE, UPDATE and MERGE commit them. */
    private static RemoveFileEntry deleted(String path)
    {
        return new RemoveFileEntry(path, Optional.empty(), 0, true, Optional.empty(), Optional.empty());
    }

    private static RemoveFileEntry remove(String path)
    {
        return new RemoveFileEntry(path, Optional.empty(), 0, false, Optional.empty(), Optional.empty());
    }
}
