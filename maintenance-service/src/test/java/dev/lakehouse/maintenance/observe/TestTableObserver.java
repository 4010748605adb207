package dev.lakehouse.maintenance.observe;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.maintenance.MaintenanceConfig;
import dev.lakehouse.maintenance.TestingWarehouse;
import dev.lakehouse.maintenance.warehouse.TableName;
import dev.lakehouse.maintenance.warehouse.WarehouseTables;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import io.trino.filesystem.Location;
import io.trino.filesystem.local.LocalFileSystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

final class TestTableObserver
{
    private TestingWarehouse warehouse;
    private TableObserver observer;
    private WarehouseTables tables;

    @BeforeEach
    void setUp()
            throws Exception
    {
        warehouse = new TestingWarehouse();
        tables = new WarehouseTables(new MaintenanceConfig().setWarehouse(warehouse.root().toString()), new LocalFileSystemFactory(Path.of("/")));
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
        Path folder = warehouse.tableFolder("s", "t");
        warehouse.createTable(folder, ImmutableMap.of(), 4, 2, 100, 3);
        Location location = TestingWarehouse.location(folder);
        TableName name = new TableName("s", "t");
        Instant firstLook = Instant.now();
        ObservedTable first = observer.observe(name, location, Optional.empty(), firstLook);
        assertThat(first.version()).isEqualTo(4);
        assertThat(first.lastCheckpointVersion()).hasValue(3);
        assertThat(first.commitsSinceCheckpoint()).isEqualTo(1);

        // nothing new: the same observation, without reading a commit
        assertThat(observer.observe(name, location, Optional.of(first), Instant.now())).isSameAs(first);

        warehouse.removeFiles(folder, List.of("part-1-0.parquet", "part-2-1.parquet"), 1000);
        // the commits it has read are gone: it must not need them again
        Files.delete(folder.resolve("_delta_log/%020d.json".formatted(1)));
        ObservedTable second = observer.observe(name, location, Optional.of(first), Instant.now());
        ObservedTable fresh = observer.observe(name, location, Optional.empty(), Instant.now());
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

    private static List<String> paths(ObservedTable table)
    {
        return table.snapshot().activeFiles().stream().map(AddFileEntry::path).sorted().toList();
    }
}
