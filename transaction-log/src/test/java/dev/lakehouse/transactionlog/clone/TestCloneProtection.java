package dev.lakehouse.transactionlog.clone;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.CommitRequest;
import dev.lakehouse.transactionlog.NormalizedPath;
import dev.lakehouse.transactionlog.TestingTable;
import dev.lakehouse.transactionlog.TransactionCommitter;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointReader;
import dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointWriter;
import dev.lakehouse.transactionlog.store.LocalLogStore;
import dev.lakehouse.transactionlog.vacuum.VacuumCandidate;
import dev.lakehouse.transactionlog.vacuum.VacuumPlanner;
import io.trino.filesystem.Location;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.lakehouse.transactionlog.TestingTable.remove;
import static dev.lakehouse.transactionlog.TestingTable.setModificationTime;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vacuum of a table spares the files its shallow clones read, however the clone is found: live, not yet committed,
 * or replaced by another table; and only the clone's registration makes the difference.
 */
final class TestCloneProtection
{
    private static final Instant NOW = Instant.now();

    @TempDir
    Path directory;
    private TestingTable source;
    private Location cloneLocation;

    /**
     * The source's version 1 adds a and b, version 2 removes both: after a vacuum with no retention only a clone of
     * version 1 still needs them.
     */
    @BeforeEach
    void createSource()
    {
        source = new TestingTable(directory.resolve("source"), ImmutableList.of(), ImmutableMap.of());
        AddFileEntry a = source.writeFile("a.parquet");
        AddFileEntry b = source.writeFile("b.parquet");
        source.commit(a, b);
        cloneLocation = Location.of("file://" + directory.resolve("clone"));
    }

    @Test
    void testWithoutClonesTheRemovedFilesAreVacuumed()
    {
        removeEverythingFromSource();
        assertThat(plannedFileNames()).containsExactlyInAnyOrder("a.parquet", "b.parquet");
    }

    @Test
    void testLiveCloneKeepsWhatItReads()
    {
        ShallowClone clone = cloneVersion(1);
        commitClone(clone, "clone-id");
        removeEverythingFromSource();
        assertThat(plannedFileNames()).isEmpty();
        // the clone's own log names the files by absolute path
        assertThat(new TransactionLog(source.fileSystem(), cloneLocation, new ParquetCheckpointReader()).loadLatestSnapshot().activeFiles())
                .extracting(AddFileEntry::path)
                .allSatisfy(path -> assertThat(path).startsWith("file:///").contains("/source/"));
    }

    @Test
    void testCloneNotYetCommittedKeepsEveryFileItWasMadeWith()
    {
        registerClone(cloneVersion(1), "clone-id");
        removeEverythingFromSource();
        assertThat(plannedFileNames()).isEmpty();
    }

    @Test
    void testAnotherTableAtTheClonesPlaceDoesNotReleaseTheFiles()
    {
        ShallowClone clone = cloneVersion(1);
        registerClone(clone, "clone-id");
        // a different table (another id) at the clone's place names none of the files
        TestingTable other = new TestingTable(directory.resolve("clone"), ImmutableList.of(), ImmutableMap.of());
        assertThat(other.log().loadLatestSnapshot().activeFiles()).isEmpty();
        removeEverythingFromSource();
        assertThat(plannedFileNames()).isEmpty();

        // once the registration is gone, nothing holds them
        new CloneRegistry(source.fileSystem()).unregister(source.location(), "clone-id");
        assertThat(plannedFileNames()).containsExactlyInAnyOrder("a.parquet", "b.parquet");
    }

    private ShallowClone cloneVersion(long version)
    {
        return ShallowClone.of(source.log().loadSnapshot(version), cloneLocation, "clone-id", NOW.toEpochMilli());
    }

    private void registerClone(ShallowClone clone, String cloneTableId)
    {
        new CloneRegistry(source.fileSystem()).register(source.location(), new CloneRegistration(cloneTableId, cloneLocation.toString(), 1, NOW.toEpochMilli(), clone.sharedFiles()));
    }

    private void commitClone(ShallowClone clone, String cloneTableId)
    {
        registerClone(clone, cloneTableId);
        TransactionLog cloneLog = new TransactionLog(source.fileSystem(), cloneLocation, new ParquetCheckpointReader());
        new TransactionCommitter(source.fileSystem(), cloneLog, new LocalLogStore(), new ParquetCheckpointWriter())
                .commit(new CommitRequest(OptionalLong.empty(), TestingTable.commitInfo(), clone.actions(), false), 0);
    }

    private void removeEverythingFromSource()
    {
        source.log().loadLatestSnapshot().activeFiles().forEach(file -> source.commit(remove(file)));
        try (Stream<Path> files = Files.walk(source.directory())) {
            files.filter(Files::isRegularFile).forEach(file -> setModificationTime(file, NOW.minus(Duration.ofDays(10))));
        }
        catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private Set<String> plannedFileNames()
    {
        NormalizedPath root = NormalizedPath.of(source.location());
        return new VacuumPlanner(source.fileSystem(), source.log()).plan(Duration.ofDays(1), NOW).candidates().stream()
                .map(VacuumCandidate::location)
                .map(location -> NormalizedPath.of(location).relativeTo(root).orElseThrow())
                .collect(Collectors.toSet());
    }
}
