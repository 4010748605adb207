package dev.lakehouse.maintenance;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.io.MoreFiles;
import dev.lakehouse.layout.ClusteringTags;
import dev.lakehouse.layout.CurveKind;
import dev.lakehouse.transactionlog.CommitRequest;
import dev.lakehouse.transactionlog.TransactionCommitter;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.DomainMetadataEntry;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointReader;
import dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointWriter;
import dev.lakehouse.transactionlog.store.LocalLogStore;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.local.LocalFileSystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A warehouse in a temporary folder, with tables written through the transaction-log module's commit path.
 */
public final class TestingWarehouse
        implements AutoCloseable
{
    private static final TrinoFileSystem FILE_SYSTEM = new LocalFileSystem(Path.of("/"));
    private static final String SCHEMA_STRING = "{\"type\":\"struct\",\"fields\":[{\"name\":\"x\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}";

    private final Path directory;

    public TestingWarehouse()
            throws IOException
    {
        directory = Files.createTempDirectory("maintenance-warehouse");
    }

    /**
     * The warehouse root; next to it, {@link #outsideFolder} holds tables that live elsewhere.
     */
    public Path root()
    {
        return directory.resolve("warehouse");
    }

    public Path outsideFolder(String name)
    {
        return directory.resolve("outside").resolve(name);
    }

    public Path tableFolder(String schema, String table)
    {
        return root().resolve(schema).resolve(table);
    }

    public static Location location(Path folder)
    {
        return Location.of("file://" + folder);
    }

    /**
     * Creates a table at version 0, then appends {@code appends} commits of {@code filesPerAppend} files of
     * {@code fileSize} bytes each; a Parquet checkpoint is written every {@code checkpointInterval} versions.
     */
    public void createTable(Path folder, Map<String, String> configuration, int appends, int filesPerAppend, long fileSize, int checkpointInterval)
    {
        // statistics with a row count only
        createTable(folder, configuration, ImmutableList.of(), "{\"numRecords\":1}", 0, appends, filesPerAppend, fileSize, checkpointInterval);
    }

    /**
     * As {@link #createTable}, for a table clustered by its column {@code x} (Delta's clustering domain), whose files'
     * statistics each span the whole range of {@code x}, as the files of a stream of small commits do; the files of
     * the first {@code clusteringRuns} appends are each tagged as a clustering run of their own, as the connector's
     * {@code cluster} tags what it writes.
     */
    public void createClusteredTable(Path folder, Map<String, String> configuration, int clusteringRuns, int appends, long fileSize)
    {
        DeltaAction clustering = new DomainMetadataEntry(DomainMetadataEntry.CLUSTERING_DOMAIN, "{\"clusteringColumns\":[[\"x\"]]}", false);
        String stats = "{\"numRecords\":2,\"minValues\":{\"x\":0},\"maxValues\":{\"x\":1000000},\"nullCount\":{\"x\":0}}";
        createTable(folder, configuration, ImmutableList.of(clustering), stats, clusteringRuns, appends, 1, fileSize, 0);
    }

    private void createTable(Path folder, Map<String, String> configuration, List<DeltaAction> domains, String stats, int clusteringRuns, int appends, int filesPerAppend, long fileSize, int checkpointInterval)
    {
        TransactionLog log = new TransactionLog(FILE_SYSTEM, location(folder), new ParquetCheckpointReader());
        TransactionCommitter committer = new TransactionCommitter(FILE_SYSTEM, log, new LocalLogStore(), new ParquetCheckpointWriter());
        MetadataEntry metadata = new MetadataEntry(UUID.randomUUID().toString(), Optional.empty(), Optional.empty(), "parquet", SCHEMA_STRING, ImmutableList.of(), configuration, Optional.of(0L));
        committer.commit(new CommitRequest(OptionalLong.empty(), commitInfo("CREATE TABLE"), ImmutableList.<DeltaAction>builder().add(ProtocolEntry.legacy(1, 2), metadata).addAll(domains).build(), false), checkpointInterval);
        for (int version = 1; version <= appends; version++) {
            Map<String, String> tags = version <= clusteringRuns ? ClusteringTags.of(List.of("x"), CurveKind.HILBERT, "run-" + version) : ImmutableMap.of();
            ImmutableList.Builder<DeltaAction> adds = ImmutableList.builder();
            for (int file = 0; file < filesPerAppend; file++) {
                adds.add(writeDataFile(folder, "part-%s-%s.parquet".formatted(version, file), fileSize, stats, tags));
            }
            committer.commit(new CommitRequest(OptionalLong.of(version - 1), commitInfo("WRITE"), adds.build(), false), checkpointInterval);
        }
    }

    /**
     * Commits the removal of data files (named as in their {@code add}), as a rewrite or DELETE would.
     */
    public void removeFiles(Path folder, List<String> paths, long removedAt)
    {
        removeFiles(folder, paths, removedAt, commitInfo("DELETE"));
    }

    /**
     * Commits the removal of data files as a batch of a maintenance job does: its {@code commitInfo} carries the
     * batch's id.
     */
    public void removeFilesAsJobBatch(Path folder, List<String> paths, String batchId)
    {
        removeFiles(folder, paths, System.currentTimeMillis(), new CommitInfoEntry(0, "OPTIMIZE", ImmutableMap.of(CommitInfoEntry.MAINTENANCE_JOB_ID, batchId), ImmutableMap.of(),
                Optional.empty(), Optional.empty(), Optional.of("maintenance-service tests"), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private void removeFiles(Path folder, List<String> paths, long removedAt, CommitInfoEntry commitInfo)
    {
        TransactionLog log = new TransactionLog(FILE_SYSTEM, location(folder), new ParquetCheckpointReader());
        TransactionCommitter committer = new TransactionCommitter(FILE_SYSTEM, log, new LocalLogStore(), new ParquetCheckpointWriter());
        long version = log.loadLatestSnapshot().version();
        List<DeltaAction> removes = log.loadLatestSnapshot().activeFiles().stream()
                .filter(file -> paths.contains(file.path()))
                .map(file -> (DeltaAction) RemoveFileEntry.of(file, removedAt, true))
                .toList();
        committer.commit(new CommitRequest(OptionalLong.of(version), commitInfo, removes, false), 0);
    }

    /**
     * Commits every data file again with new statistics, as a statistics rebuild does.
     */
    public void restateStatistics(Path folder, String stats)
    {
        TransactionLog log = new TransactionLog(FILE_SYSTEM, location(folder), new ParquetCheckpointReader());
        TransactionCommitter committer = new TransactionCommitter(FILE_SYSTEM, log, new LocalLogStore(), new ParquetCheckpointWriter());
        TableSnapshot snapshot = log.loadLatestSnapshot();
        List<DeltaAction> adds = snapshot.activeFiles().stream()
                .map(file -> (DeltaAction) new AddFileEntry(file.path(), file.partitionValues(), file.size(), file.modificationTime(), false, Optional.of(stats), file.tags(), file.deletionVector(), file.clusteringProvider()))
                .toList();
        committer.commit(new CommitRequest(OptionalLong.of(snapshot.version()), commitInfo("ANALYZE"), adds, false), 0);
    }

    /**
     * Writes a checkpoint of the latest version, as a writer does at its checkpoint interval.
     */
    public void writeCheckpoint(Path folder)
    {
        TransactionLog log = new TransactionLog(FILE_SYSTEM, location(folder), new ParquetCheckpointReader());
        new TransactionCommitter(FILE_SYSTEM, log, new LocalLogStore(), new ParquetCheckpointWriter()).writeCheckpoint(log.loadLatestSnapshot());
    }

    /**
     * Registers a table living elsewhere the way the catalog's register_table does: a pointer file in the warehouse.
     */
    public void registerTable(String schema, String table, Path folder)
    {
        write(tableFolder(schema, table).resolve("_lakehouse_table_location"), location(folder).toString().getBytes(UTF_8));
    }

    /**
     * A table whose only commit is not JSON.
     */
    public void createDamagedTable(String schema, String table)
    {
        write(tableFolder(schema, table).resolve("_delta_log").resolve("%020d.json".formatted(0)), "not json".getBytes(UTF_8));
    }

    private static AddFileEntry writeDataFile(Path table, String name, long size, String stats, Map<String, String> tags)
    {
        // the service reads only the log: any bytes of the declared size do
        write(table.resolve(name), new byte[(int) size]);
        return new AddFileEntry(name, ImmutableMap.of(), size, System.currentTimeMillis(), true, Optional.of(stats), tags, Optional.empty());
    }

    private static CommitInfoEntry commitInfo(String operation)
    {
        return new CommitInfoEntry(0, operation, ImmutableMap.of(), ImmutableMap.of(), Optional.empty(), Optional.empty(), Optional.of("maintenance-service tests"), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static void write(Path file, byte[] content)
    {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close()
            throws IOException
    {
        MoreFiles.deleteRecursively(directory, ALLOW_INSECURE);
    }
}
