package dev.lakehouse.trino;

import com.google.common.collect.ConcurrentHashMultiset;
import com.google.common.collect.ImmutableMultiset;
import com.google.common.collect.Multiset;
import io.trino.filesystem.FileIterator;
import io.trino.Session;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.filesystem.TrinoInputFile;
import io.trino.filesystem.TrinoOutputFile;
import io.trino.filesystem.local.LocalFileSystemFactory;
import io.trino.spi.security.ConnectorIdentity;
import io.trino.testing.QueryRunner;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The local file system, counting which data files (Parquet files outside {@code _delta_log/}) are opened.
 */
public final class CountingFileSystemFactory
        implements TrinoFileSystemFactory
{
    private final TrinoFileSystemFactory delegate = new LocalFileSystemFactory(Path.of("/"));
    private final Multiset<String> openedDataFiles = ConcurrentHashMultiset.create();

    @Override
    public TrinoFileSystem create(ConnectorIdentity identity)
    {
        return new CountingFileSystem(delegate.create(identity));
    }

    public void reset()
    {
        openedDataFiles.clear();
    }

    /**
     * Paths of the data files opened since the last reset, with how often.
     */
    public Multiset<String> openedDataFiles()
    {
        return ImmutableMultiset.copyOf(openedDataFiles);
    }

    /**
     * The number of distinct data files of {@code table} (a folder name) that {@code sql} opened.
     */
    public long dataFilesOpenedBy(QueryRunner queryRunner, Session session, String sql, String table)
    {
        reset();
        queryRunner.execute(session, sql);
        return openedDataFiles.elementSet().stream()
                .filter(path -> path.contains("/" + table + "/"))
                .count();
    }

    private void record(Location location)
    {
        if (location.fileName().endsWith(".parquet") && !location.path().contains("/_delta_log/")) {
            openedDataFiles.add(location.path());
        }
    }

    private final class CountingFileSystem
            implements TrinoFileSystem
    {
        private final TrinoFileSystem fileSystem;

        CountingFileSystem(TrinoFileSystem fileSystem)
        {
            this.fileSystem = fileSystem;
        }

        @Override
        public TrinoInputFile newInputFile(Location location)
        {
            record(location);
            return fileSystem.newInputFile(location);
        }

        @Override
        public TrinoInputFile newInputFile(Location location, long length)
        {
            record(location);
            return fileSystem.newInputFile(location, length);
        }

        @Override
        public TrinoInputFile newInputFile(Location location, long length, Instant lastModified)
        {
            record(location);
            return fileSystem.newInputFile(location, length, lastModified);
        }

        @Override
        public TrinoOutputFile newOutputFile(Location location)
        {
            return fileSystem.newOutputFile(location);
        }

        @Override
        public void deleteFile(Location location)
                throws IOException
        {
            fileSystem.deleteFile(location);
        }

        @Override
        public void deleteDirectory(Location location)
                throws IOException
        {
            fileSystem.deleteDirectory(location);
        }

        @Override
        public void renameFile(Location source, Location target)
                throws IOException
        {
            fileSystem.renameFile(source, target);
        }

        @Override
        public FileIterator listFiles(Location location)
                throws IOException
        {
            return fileSystem.listFiles(location);
        }

        @Override
        public Optional<Boolean> directoryExists(Location location)
                throws IOException
        {
            return fileSystem.directoryExists(location);
        }

        @Override
        public void createDirectory(Location location)
                throws IOException
        {
            fileSystem.createDirectory(location);
        }

        @Override
        public void renameDirectory(Location source, Location target)
                throws IOException
        {
            fileSystem.renameDirectory(source, target);
        }

        @Override
        public Set<Location> listDirectories(Location location)
                throws IOException
        {
            return fileSystem.listDirectories(location);
        }

        @Override
        public Optional<Location> createTemporaryDirectory(Location targetPath, String temporaryPrefix, String relativePrefix)
                throws IOException
        {
            return fileSystem.createTemporaryDirectory(targetPath, temporaryPrefix, relativePrefix);
        }
    }
}
