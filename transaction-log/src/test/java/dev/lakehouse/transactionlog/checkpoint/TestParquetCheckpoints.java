package dev.lakehouse.transactionlog.checkpoint;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.CommitRequest;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.TransactionCommitter;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.DomainMetadataEntry;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import dev.lakehouse.transactionlog.actions.TransactionEntry;
import dev.lakehouse.transactionlog.store.LocalLogStore;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.local.LocalFileSystem;
import io.trino.spi.TrinoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestParquetCheckpoints
{
    private static final Path GOLDEN_TABLES = Path.of(System.getProperty("lakehouse.golden.tables", "../testing/delta-golden-tables"));
    private static final TrinoFileSystem FILE_SYSTEM = new LocalFileSystem(Path.of("/"));
    private static final ParquetCheckpointReader READER = new ParquetCheckpointReader();
    private static final ParquetCheckpointWriter WRITER = new ParquetCheckpointWriter();

    @TempDir
    Path directory;

    @Test
    void testWrittenCheckpointReplacesTheCommitsItCovers()
            throws IOException
    {
        Location table = Location.of("file://" + directory.resolve("table"));
        TransactionLog log = new TransactionLog(FILE_SYSTEM, table, READER);
        TransactionCommitter committer = new TransactionCommitter(FILE_SYSTEM, log, new LocalLogStore(), WRITER);
        ProtocolEntry protocol = new ProtocolEntry(3, 7, Optional.of(Set.of("timestampNtz")), Optional.of(Set.of("timestampNtz", "appendOnly")));
        MetadataEntry metadata = new MetadataEntry("id-1", Optional.of("name"), Optional.of("a comment"), "parquet",
                "{\"type\":\"struct\",\"fields\":[{\"name\":\"p\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},{\"name\":\"x\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}",
                ImmutableList.of("p"), ImmutableMap.of("delta.checkpointInterval", "3"), Optional.of(123L));
        Map<String, String> nullPartition = new HashMap<>();
        nullPartition.put("p", null);
        commit(committer, OptionalLong.empty(), protocol, metadata, add("p=a/1.parquet", Map.of("p", "a"), Optional.empty()));
        commit(committer, OptionalLong.of(0), add("p=__HIVE_DEFAULT_PARTITION__/2.parquet", nullPartition, Optional.empty()), new TransactionEntry("app", 7, Optional.of(99L)),
                new DomainMetadataEntry("delta.clustering", "{\"clusteringColumns\":[[\"x\"]]}", false),
                add("p=c/4.parquet", Map.of("p", "c"), Optional.empty()).withClusteringProvider("liquid"),
                new DomainMetadataEntry("gone", "{}", false));
        commit(committer, OptionalLong.of(1),
                add("p=b/3.parquet", Map.of("p", "b"), Optional.of(new DeletionVectorDescriptor("u", "ab^-aqEH.-t@S}K{vb[*k^", OptionalInt.of(1), 36, 2))),
                RemoveFileEntry.of(add("p=a/1.parquet", Map.of("p", "a"), Optional.empty()), 5, true),
                new DomainMetadataEntry("gone", "{}", true));
        TableSnapshot fromCommits = log.loadLatestSnapshot();
        assertThat(fromCommits.domainMetadata()).containsOnlyKeys("delta.clustering");

        committer.writeCheckpoint(fromCommits);
        assertThat(Files.readString(directory.resolve("table/_delta_log/_last_checkpoint"))).isEqualTo("{\"version\":2,\"size\":7}");
        // without the commits, the snapshot can only come from the checkpoint
        for (int version = 0; version <= 2; version++) {
            Files.delete(directory.resolve("table/_delta_log/%020d.json".formatted(version)));
        }
        TableSnapshot fromCheckpoint = log.loadLatestSnapshot();
        assertThat(fromCheckpoint.version()).isEqualTo(2);
        assertThat(fromCheckpoint.protocol()).isEqualTo(fromCommits.protocol());
        assertThat(fromCheckpoint.metadata()).isEqualTo(fromCommits.metadata());
        assertThat(fromCheckpoint.transactions()).isEqualTo(fromCommits.transactions());
        assertThat(fromCheckpoint.domainMetadata()).isEqualTo(fromCommits.domainMetadata());
        assertThat(fromCheckpoint.activeFiles()).containsExactlyInAnyOrderElementsOf(fromCommits.activeFiles());
        try (Stream<Path> files = Files.list(directory.resolve("table/_delta_log"))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("00000000000000000002.checkpoint.parquet", "_last_checkpoint");
        }
    }

    @Test
    void testCommitterCheckpointsAtTheInterval()
            throws IOException
    {
        Location table = Location.of("file://" + directory.resolve("interval"));
        TransactionLog log = new TransactionLog(FILE_SYSTEM, table, READER);
        TransactionCommitter committer = new TransactionCommitter(FILE_SYSTEM, log, new LocalLogStore(), WRITER);
        createTableWithoutColumns(committer);
        for (int version = 1; version <= 5; version++) {
            CommitInfoEntry info = commitInfo();
            committer.commit(new CommitRequest(OptionalLong.of(version - 1), info, ImmutableList.of(add(version + ".parquet", Map.of(), Optional.empty())), false), 2);
        }
        try (Stream<Path> files = Files.list(directory.resolve("interval/_delta_log"))) {
            assertThat(files.map(path -> path.getFileName().toString()).filter(name -> name.contains("checkpoint")))
                    .containsExactlyInAnyOrder("00000000000000000002.checkpoint.parquet", "00000000000000000004.checkpoint.parquet", "_last_checkpoint");
        }
        assertThat(log.loadLatestSnapshot().activeFiles()).hasSize(5);
    }

    @Test
    void testCheckpointOfAVersionAnotherWriterPublishedFirst()
            throws IOException
    {
        Location table = Location.of("file://" + directory.resolve("twice"));
        TransactionLog log = new TransactionLog(FILE_SYSTEM, table, READER);
        TransactionCommitter committer = new TransactionCommitter(FILE_SYSTEM, log, new LocalLogStore(), WRITER);
        createTableWithoutColumns(committer);
        commit(committer, OptionalLong.of(0), add("1.parquet", Map.of(), Optional.empty()));
        TableSnapshot snapshot = log.loadLatestSnapshot();
        // two writers checkpoint the same version (a commit and the maintenance service): the second finds the first's
        committer.writeCheckpoint(snapshot);
        committer.writeCheckpoint(snapshot);
        try (Stream<Path> files = Files.list(directory.resolve("twice/_delta_log"))) {
            assertThat(files.map(path -> path.getFileName().toString()).filter(name -> !name.endsWith(".json")))
                    .containsExactlyInAnyOrder("00000000000000000001.checkpoint.parquet", "_last_checkpoint");
        }
        for (int version = 0; version <= 1; version++) {
            Files.delete(directory.resolve("twice/_delta_log/%020d.json".formatted(version)));
        }
        assertThat(log.loadLatestSnapshot().activeFiles()).isEqualTo(snapshot.activeFiles());
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint", "multi-part-checkpoint", "basic-with-inserts-deletes-checkpoint", "only-checkpoint-files", "v2-checkpoint-json", "v2-checkpoint-parquet"})
    void testSparkCheckpointsAgreeWithTheirCommits(String name)
    {
        Path copy = copyGoldenTable(name);
        TableSnapshot withCheckpoint = new TransactionLog(FILE_SYSTEM, Location.of("file://" + copy), READER).loadLatestSnapshot();

        // the same table without its checkpoints replays every commit from version 0
        deleteCheckpoints(copy);
        CheckpointReader none = (_, parts, _) -> {
            throw new AssertionError("no checkpoint expected: " + parts);
        };
        TableSnapshot fromCommits = new TransactionLog(FILE_SYSTEM, Location.of("file://" + copy), none).loadLatestSnapshot();

        assertThat(withCheckpoint.version()).isEqualTo(fromCommits.version());
        assertThat(withCheckpoint.protocol()).isEqualTo(fromCommits.protocol());
        assertThat(withCheckpoint.metadata().schemaString()).isEqualTo(fromCommits.metadata().schemaString());
        assertThat(withCheckpoint.activeFiles().stream().map(AddFileEntry::path))
                .isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(fromCommits.activeFiles().stream().map(AddFileEntry::path).toList());
    }

    @Test
    void testCheckpointWithoutSchemaIsRefused()
    {
        // this table's _last_checkpoint is damaged (it is never trusted here: the log is listed) and its metaData has no schema
        Path copy = copyGoldenTable("corrupted-last-checkpoint");
        assertThatThrownBy(() -> new TransactionLog(FILE_SYSTEM, Location.of("file://" + copy), READER).loadLatestSnapshot())
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("00000000000000000010.checkpoint.parquet")
                .hasMessageContaining("the required field 'schemaString' of an action is missing");
    }

    @Test
    void testDeletionVectorsOfACheckpointAreRead()
    {
        Path copy = copyGoldenTable("dv-partitioned-with-checkpoint");
        TableSnapshot snapshot = new TransactionLog(FILE_SYSTEM, Location.of("file://" + copy), READER).loadLatestSnapshot();
        // Spark's checkpoint carries the deletion vector of each file that has one
        assertThat(snapshot.activeFiles()).anySatisfy(file -> assertThat(file.deletionVector()).isPresent());
        assertThat(snapshot.activeFiles()).allSatisfy(file -> file.deletionVector().ifPresent(vector -> {
            assertThat(vector.storageType()).isEqualTo("u");
            assertThat(vector.cardinality()).isPositive();
        }));
    }

    @Test
    void testTruncatedCheckpointNamesTheFile()
            throws IOException
    {
        Path copy = copyGoldenTable("checkpoint");
        Path checkpoint = copy.resolve("_delta_log/00000000000000000010.checkpoint.parquet");
        byte[] content = Files.readAllBytes(checkpoint);
        Files.write(checkpoint, java.util.Arrays.copyOf(content, content.length / 2));
        assertThatThrownBy(() -> new TransactionLog(FILE_SYSTEM, Location.of("file://" + copy), READER).loadLatestSnapshot())
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("Cannot read checkpoint")
                .hasMessageContaining("00000000000000000010.checkpoint.parquet");
    }

    private Path copyGoldenTable(String name)
    {
        Path source = GOLDEN_TABLES.resolve(name);
        Path target = directory.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                }
                else {
                    Files.copy(file, destination);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static void deleteCheckpoints(Path table)
    {
        try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
            for (Path file : files.filter(path -> path.getFileName().toString().contains("checkpoint")).toList()) {
                Files.delete(file);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Version 0 of a table with no columns, as the checkpoint tests need nothing more.
     */
    private static void createTableWithoutColumns(TransactionCommitter committer)
    {
        commit(committer, OptionalLong.empty(), ProtocolEntry.legacy(1, 2), new MetadataEntry("id", Optional.empty(), Optional.empty(), "parquet",
                "{\"type\":\"struct\",\"fields\":[]}", ImmutableList.of(), ImmutableMap.of(), Optional.empty()));
    }

    private static void commit(TransactionCommitter committer, OptionalLong readVersion, DeltaAction... actions)
    {
        committer.commit(new CommitRequest(readVersion, commitInfo(), ImmutableList.copyOf(actions), false), 0);
    }

    private static CommitInfoEntry commitInfo()
    {
        return new CommitInfoEntry(0, "TEST", ImmutableMap.of(), ImmutableMap.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static AddFileEntry add(String path, Map<String, String> partitionValues, Optional<DeletionVectorDescriptor> deletionVector)
    {
        return new AddFileEntry(path, partitionValues, 100, 1000, true, Optional.of("{\"numRecords\":3}"), ImmutableMap.of("tag", "value"), deletionVector);
    }
}
