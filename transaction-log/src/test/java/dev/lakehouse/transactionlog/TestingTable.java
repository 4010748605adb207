package dev.lakehouse.transactionlog;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
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
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A real table on the local disk for tests of log maintenance: commits through the real committer, data files as
 * real files of any bytes, and modification times set by hand so that tests can age files and commits.
 */
public final class TestingTable
{
    private final Path directory;
    private final TrinoFileSystem fileSystem = new LocalFileSystem(Path.of("/"));
    private final TransactionLog log;
    private final TransactionCommitter committer;

    public TestingTable(Path directory, List<String> partitionColumns, Map<String, String> configuration)
    {
        this.directory = directory;
        this.log = new TransactionLog(fileSystem, location(), new ParquetCheckpointReader());
        this.committer = new TransactionCommitter(fileSystem, log, new LocalLogStore(), new ParquetCheckpointWriter());
        String schema = "{\"type\":\"struct\",\"fields\":[{\"name\":\"x\",\"type\":\"integer\",\"nullable\":true,\"metadata\":{}}"
                + partitionColumns.stream().map(name -> ",{\"name\":\"%s\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}".formatted(name)).reduce("", String::concat)
                + "]}";
        commit(ProtocolEntry.legacy(1, 2), new MetadataEntry("id", Optional.empty(), Optional.empty(), "parquet", schema, partitionColumns, configuration, Optional.empty()));
    }

    public Location location()
    {
        return Location.of("file://" + directory);
    }

    public Path directory()
    {
        return directory;
    }

    public TrinoFileSystem fileSystem()
    {
        return fileSystem;
    }

    public TransactionLog log()
    {
        return log;
    }

    public TransactionCommitter committer()
    {
        return committer;
    }

    public long commit(DeltaAction... actions)
    {
        return commit(new CommitRequest(TransactionLog.latestVersion(log.listLogFiles()), commitInfo(), ImmutableList.copyOf(actions), false));
    }

    public long commit(CommitRequest request)
    {
        return committer.commit(request, 0);
    }

    public static CommitInfoEntry commitInfo()
    {
        return new CommitInfoEntry(0, "TEST", ImmutableMap.of(), ImmutableMap.of(), Optional.of("tester"), Optional.of("query"), Optional.of("tests"), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Writes a data file (relative path, as it is on disk) and returns the {@code add} naming it by {@code logPath}.
     */
    public AddFileEntry writeFile(String relativePath, String logPath)
    {
        Path file = directory.resolve(relativePath);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "data of " + relativePath);
            return new AddFileEntry(logPath, ImmutableMap.of(), Files.size(file), 0, true, Optional.of("{\"numRecords\":1}"), ImmutableMap.of(), Optional.empty());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public AddFileEntry writeFile(String relativePath)
    {
        return writeFile(relativePath, relativePath);
    }

    public static RemoveFileEntry remove(AddFileEntry file)
    {
        return RemoveFileEntry.of(file, System.currentTimeMillis(), true);
    }

    public void writeCheckpoint(long version)
    {
        committer.writeCheckpoint(log.loadSnapshot(version));
    }

    public Path commitFile(long version)
    {
        return directory.resolve("_delta_log").resolve(LogFile.commitFileName(version));
    }

    public Path checkpointFile(long version)
    {
        return directory.resolve("_delta_log").resolve(LogFile.checkpointFileName(version));
    }

    public static void setModificationTime(Path file, Instant time)
    {
        try {
            Files.setLastModifiedTime(file, FileTime.from(time));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public OptionalLong latestVersion()
    {
        return TransactionLog.latestVersion(log.listLogFiles());
    }
}
