package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.maintenance.MaintenanceConfig;
import dev.lakehouse.maintenance.evaluate.TableEvaluator;
import dev.lakehouse.maintenance.evaluate.TableStatus;
import dev.lakehouse.maintenance.jobs.JobRegistry;
import dev.lakehouse.maintenance.jobs.SharedJobHistory;
import dev.lakehouse.maintenance.measure.HealthMeasurer;
import dev.lakehouse.maintenance.metrics.MaintenanceStats;
import dev.lakehouse.maintenance.observe.TableObserver;
import dev.lakehouse.maintenance.registry.TableRegistry;
import dev.lakehouse.maintenance.warehouse.TableName;
import dev.lakehouse.maintenance.warehouse.WarehouseTables;
import dev.lakehouse.transactionlog.CommitRequest;
import dev.lakehouse.transactionlog.TransactionCommitter;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointReader;
import dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointWriter;
import dev.lakehouse.transactionlog.store.LocalLogStore;
import io.airlift.node.NodeInfo;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.local.LocalFileSystem;
import io.trino.filesystem.local.LocalFileSystemFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * How long one evaluation tick of the maintenance service takes over a warehouse of many tables with nothing to do:
 * {@code tables} tables of {@code commits} commits each (one file of the target size per commit, complete statistics,
 * a checkpoint every 10 commits). The first tick reads every table from its checkpoint; the later ones list each
 * table's log and read nothing else, which is the steady state. Prints a line per step and per tick.
 *
 * <p>Usage: {@code EvaluationBenchmark <directory> [tables] [commits] [ticks]}
 */
public final class EvaluationBenchmark
{
    private static final long TARGET_FILE_SIZE = 128L << 20;
    private static final String SCHEMA = "{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}},{\"name\":\"x\",\"type\":\"double\",\"nullable\":true,\"metadata\":{}}]}";
    private static final String STATISTICS = "{\"numRecords\":1000,\"minValues\":{\"id\":1,\"x\":0.5},\"maxValues\":{\"id\":1000,\"x\":9.5},\"nullCount\":{\"id\":0,\"x\":0}}";

    private EvaluationBenchmark() {}

    public static void main(String[] args)
            throws IOException
    {
        Path warehouse = Path.of(args[0]).toAbsolutePath();
        int tables = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int commits = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int ticks = args.length > 3 ? Integer.parseInt(args[3]) : 10;

        if (!Files.exists(warehouse.resolve("done-%s-%s".formatted(tables, commits)))) {
            createTables(warehouse, tables, commits);
            Files.writeString(warehouse.resolve("done-%s-%s".formatted(tables, commits)), "");
        }
        MaintenanceConfig config = new MaintenanceConfig().setWarehouse(warehouse.toString());
        WarehouseTables warehouseTables = new WarehouseTables(config, new LocalFileSystemFactory(Path.of("/")));
        TableRegistry registry = new TableRegistry();
        TableEvaluator evaluator = new TableEvaluator(new TableObserver(warehouseTables), new HealthMeasurer(config), registry, new JobRegistry(new MaintenanceStats(), config, new SharedJobHistory(config), new NodeInfo("benchmark")), config);

        List<Long> steady = new ArrayList<>();
        for (int tick = 1; tick <= ticks; tick++) {
            long start = System.nanoTime();
            Instant now = Instant.now();
            Map<TableName, Location> locations = warehouseTables.listTableLocations();
            int due = 0;
            for (Map.Entry<TableName, Location> table : locations.entrySet()) {
                TableStatus status = evaluator.evaluate(table.getKey(), table.getValue(), now);
                if (status.problem().isPresent()) {
                    throw new IllegalStateException(status.problem().get());
                }
                due += status.plan().orElseThrow().hasDueWork() ? 1 : 0;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("tick %s: %s tables evaluated in %s ms, %s with due work%n", tick, locations.size(), millis, due);
            if (tick > 1) {
                steady.add(millis);
            }
        }
        steady.sort(Long::compare);
        System.out.printf("steady-state tick (ticks 2-%s): median %s ms, min %s ms, max %s ms for %s tables of %s commits%n",
                ticks, steady.get(steady.size() / 2), steady.getFirst(), steady.getLast(), tables, commits);
    }

    private static void createTables(Path warehouse, int tables, int commits)
    {
        TrinoFileSystem fileSystem = new LocalFileSystem(Path.of("/"));
        long start = System.nanoTime();
        for (int table = 0; table < tables; table++) {
            Location location = Location.of("file://" + warehouse.resolve("bench").resolve("t" + table));
            TransactionLog log = new TransactionLog(fileSystem, location, new ParquetCheckpointReader());
            TransactionCommitter committer = new TransactionCommitter(fileSystem, log, new LocalLogStore(), new ParquetCheckpointWriter());
            MetadataEntry metadata = new MetadataEntry(UUID.randomUUID().toString(), Optional.empty(), Optional.empty(), "parquet", SCHEMA, ImmutableList.of(), ImmutableMap.of(MetadataEntry.CHECKPOINT_INTERVAL, "10"), Optional.of(0L));
            committer.commit(new CommitRequest(OptionalLong.empty(), commitInfo(), ImmutableList.of(ProtocolEntry.legacy(1, 2), metadata), false), 10);
            for (int version = 1; version < commits; version++) {
                // the service reads only the log: the data files need not exist
                AddFileEntry file = new AddFileEntry("part-%s.parquet".formatted(version), ImmutableMap.of(), TARGET_FILE_SIZE, System.currentTimeMillis(), true, Optional.of(STATISTICS), ImmutableMap.of(), Optional.empty());
                committer.commit(new CommitRequest(OptionalLong.of(version - 1), commitInfo(), ImmutableList.of(file), false), 10);
            }
            if ((table + 1) % 100 == 0) {
                System.out.printf("created %s of %s tables (%s s)%n", table + 1, tables, (System.nanoTime() - start) / 1_000_000_000);
            }
        }
    }

    private static CommitInfoEntry commitInfo()
    {
        return new CommitInfoEntry(0, "WRITE", ImmutableMap.of(), ImmutableMap.of(), Optional.empty(), Optional.empty(), Optional.of("evaluation benchmark"), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
