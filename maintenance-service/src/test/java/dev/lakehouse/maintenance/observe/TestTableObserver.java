package dev.lakehouse.maintenance.observe;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.maintenance.LogListings;
import dev.lakehouse.maintenance.MaintenanceConfig;
import dev.lakehouse.maintenance.TestingWarehouse;
import dev.lakehouse.maintenance.warehouse.TableName;
import dev.lakehouse.maintenance.warehouse.WarehouseTables;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.filesystem.local.LocalFileSystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static org.assertj.core.api.Assertions.assertThat;

final class TestTableObserver
{
    private static final TableName NAME = new TableName("s", "t");

    private TestingWarehouse warehouse;
    private TableObserver observer;
    private WarehouseTables tables;
    private final AtomicInteger logListings = new AtomicInteger();

    @BeforeEach
    void setUp()
            throws Exception
    {
        warehouse = new TestingWarehouse();
        TrinoFileSystemFactory local = new LocalFileSystemFactory(Path.of("/"));
        tables = new WarehouseTables(new MaintenanceConfig().setWarehouse(warehouse.root().toString()), identity -> LogListings.counting(local.create(identity), logListings));
        observer = new TableObserver(tables);
    }

    @AfterEach
    void tearDown()
            throws Exception
    {
        warehouse.close();
    }

    @Test
    void testLaterLooksReadOnlyNewCommitsAndAgreeWithAFullRead()
            throws Exception
    {
        Path folder = createTableOfFourAppends();
        Location location = TestingWarehouse.location(folder);
        Instant firstLook = Instant.now();
        ObservedTable first = observer.observe(NAME, location, Optional.empty(), firstLook);
        assertThat(first.version()).isEqualTo(4);
        assertThat(first.lastCheckpointVersion()).hasValue(3);
        assertThat(first.commitsSinceCheckpoint()).isEqualTo(1);

        // nothing new: the same observation, without reading a commit
        assertThat(observer.observe(NAME, location, Optional.of(first), Instant.now())).isSameAs(first);

        warehouse.removeFiles(folder, List.of("part-1-0.parquet", "part-2-1.parquet"), 1000);
        // the commits it has read are gone: it must not need them again
        Files.delete(folder.resolve("_delta_log/%020d.json".formatted(1)));
        ObservedTable second = observer.observe(NAME, location, Optional.of(first), Instant.now());
        ObservedTable fresh = observer.observe(NAME, location, Optional.empty(), Instant.now());
        assertThat(second.version()).isEqualTo(5);
        assertThat(paths(second)).isEqualTo(paths(fresh)).hasSize(6).doesNotContain("part-1-0.parquet", "part-2-1.parquet");
        assertThat(second.tombstones()).extracting(Tombstone::path).containsExactlyInAnyOrder("part-1-0.parquet", "part-2-1.parquet");
        assertThat(second.tombstones()).allSatisfy(tombstone -> assertThat(tombstone.removedAt()).isEqualTo(Instant.ofEpochMilli(1000)));
        assertThat(second.firstObservedAt()).isEqualTo(firstLook);
    }

    @Test
    void testFirstLookKnowsTheTombstonesOfTheCheckpoint()
    {
        Path folder = warehouse.tableFolder("s", "t");
        warehouse.createTable(folder, ImmutableMap.of(), 4, 2, 100, 3);
        Instant removedAt = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        warehouse.removeFiles(folder, List.of("part-1-0.parquet", "part-3-1.parquet"), removedAt.toEpochMilli());
        // the removes are in the checkpoint only: the service started after that commit's checkpoint was written
        warehouse.writeCheckpoint(folder);

        ObservedTable first = observer.observe(new TableName("s", "t"), TestingWarehouse.location(folder), Optional.empty(), Instant.now());
        assertThat(first.lastCheckpointVersion()).hasValue(5);
        assertThat(first.tombstones()).extracting(Tombstone::path).containsExactlyInAnyOrder("part-1-0.parquet", "part-3-1.parquet");
        assertThat(first.tombstones()).allSatisfy(tombstone -> {
            assertThat(tombstone.removedAt()).isEqualTo(removedAt);
            assertThat(tombstone.size()).isEqualTo(100);
        });
    }

    @Test
    void testTablesBeingWrittenAreFollowedWithoutListingTheirLog()
            throws Exception
    {
        Path folder = createTableOfFourAppends();
        Location location = TestingWarehouse.location(folder);
        ObservedTable first = observer.observe(NAME, location, Optional.empty(), Instant.now());

        // new commits are looked for one by one
        logListings.set(0);
        warehouse.removeFiles(folder, List.of("part-1-0.parquet"), 1000);
        warehouse.removeFiles(folder, List.of("part-2-0.parquet"), 2000);
        ObservedTable second = observer.observe(NAME, location, Optional.of(first), Instant.now());
        assertThat(logListings.get()).isZero();
        assertThat(second.version()).isEqualTo(6);
        assertThat(second.tombstones()).extracting(Tombstone::path).containsExactlyInAnyOrder("part-1-0.parquet", "part-2-0.parquet");
        ObservedTable fresh = observer.observe(NAME, location, Optional.empty(), Instant.now());
        assertThat(paths(second)).isEqualTo(paths(fresh)).hasSize(6);
        assertThat(second.lastCheckpointVersion()).isEqualTo(fresh.lastCheckpointVersion()).hasValue(3);

        // a checkpoint a writer wrote since is known from _last_checkpoint
        warehouse.writeCheckpoint(folder);
        warehouse.removeFiles(folder, List.of("part-3-0.parquet"), 3000);
        logListings.set(0);
        ObservedTable third = observer.observe(NAME, location, Optional.of(second), Instant.now());
        assertThat(logListings.get()).isZero();
        assertThat(third.version()).isEqualTo(7);
        assertThat(third.lastCheckpointVersion()).hasValue(6);

        // a table dropped and created again at the location, with more commits, is read anew (its commit 7 is another)
        deleteRecursively(folder, ALLOW_INSECURE);
        warehouse.createTable(folder, ImmutableMap.of(), 8, 1, 100, 0);
        Files.setLastModifiedTime(folder.resolve("_delta_log/%020d.json".formatted(7)), FileTime.from(Instant.now().plusSeconds(10)));
        ObservedTable recreated = observer.observe(NAME, location, Optional.of(third), Instant.now());
        assertThat(recreated.version()).isEqualTo(8);
        assertThat(paths(recreated)).isEqualTo(paths(observer.observe(NAME, location, Optional.empty(), Instant.now()))).hasSize(8);
        assertThat(recreated.tombstones()).isEmpty();
        assertThat(recreated.lastCheckpointVersion()).isEmpty();
    }

    /**
     * Table s.t: four appends of two files each, and a checkpoint of version 3.
     */
    private Path createTableOfFourAppends()
    {
        Path folder = warehouse.tableFolder("s", "t");
        warehouse.createTable(folder, ImmutableMap.of(), 4, 2, 100, 3);
        return folder;
    }

    /**
     * A file system that counts the listings of {@code _delta_log/} folders.
     */
    private static List<String> paths(ObservedTable table)
    {
        return table.snapshot().activeFiles().stream().map(AddFileEntry::path).sorted().toList();
    }
}
