package dev.lakehouse.trino;

import com.google.common.collect.ConcurrentHashMultiset;
import com.google.common.collect.ImmutableMultiset;
import com.google.common.collect.Multiset;
import io.trino.filesystem.FileIterator;
import io.trino.Session;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.filesystem.TrinoInput;
import io.trino.filesystem.TrinoInputFile;
import io.trino.filesystem.TrinoInputStream;
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
 * The local file system, counting which data files (Parquet files outside {@code _delta_log/}) are opened, whose ends
 * (where a Parquet footer is) are read, and which folders are listed.
 */
public final class CountingFileSystemFactory
        implements TrinoFileSystemFactory
{
    private final TrinoFileSystemFactory delegate = new LocalFileSystemFactory(Path.of("/"));
    private final Multiset<String> openedDataFiles = ConcurrentHashMultiset.create();
    private final Multiset<String> dataFileTailsRead = ConcurrentHashMultiset.create();
    private final Multiset<String> listedFolders = ConcurrentHashMultiset.create();

    @Override
    public TrinoFileSystem create(ConnectorIdentity identity)
    {
        return new CountingFileSystem(delegate.create(identity));
    }

    public void reset()
    {
        openedDataFiles.clear();
        dataFileTailsRead.clear();
        listedFolders.clear();
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

    /**
     * The number of times {@code sql} read the end of a data file of {@code table} (a folder name): its footer.
     */
    public long dataFileFootersReadBy(QueryRunner queryRunner, Session session, String sql, String table)
    {
        reset();
        queryRunner.execute(session, sql);
        return dataFileTailsRead.stream()
                .filter(path -> path.contains("/" + table + "/"))
                .count();
    }

    /**
     * The number of times {@code sql} listed the Delta log folder of {@code table} (a folder name).
     */
    public long logListingsBy(QueryRunner queryRunner, Session session, String sql, String table)
    {
        reset();
        queryRunner.execute(session, sql);
        return listedFolders.stream()
                .filter(path -> path.endsWith("/" + table + "/_delta_log") || path.endsWith("/" + table + "/_delta_log/"))
                .count();
    }

    private static boolean isDataFile(Location location)
    {
        return location.fileName().endsWith(".parquet") && !location.path().contains("/_delta_log/");
    }

    private TrinoInputFile record(TrinoInputFile file)
    {
        Location location = file.location();
        if (!isDataFile(location)) {
            return file;
        }
        openedDataFiles.add(location.path());
        return new TailCountingInputFile(file);
    }

    private final class TailCountingInputFile
            implements TrinoInputFile
    {
        private final TrinoInputFile file;

        TailCountingInputFile(TrinoInputFile file)
        {
            this.file = file;
        }

        @Override
        public TrinoInput newInput()
                throws IOException
        {
            TrinoInput input = file.newInput();
            String path = file.location().path();
            // the interface's readFully(long, int) and readTail(int) come here too
            return new TrinoInput()
            {
                @Override
                public void readFully(long position, byte[] buffer, int bufferOffset, int bufferLength)
                        throws IOException
                {
                    input.readFully(position, buffer, bufferOffset, bufferLength);
                }

                @Override
                public int readTail(byte[] buffer, int bufferOffset, int bufferLength)
                        throws IOException
                {
                    dataFileTailsRead.add(path);
                    return input.readTail(buffer, bufferOffset, bufferLength);
                }

                @Override
                public void close()
                        throws IOException
                {
                    input.close();
                }
            };
        }

        @Override
        public TrinoInputStream newStream()
                throws IOException
        {
            return file.newStream();
        }

        @Override
        public long length()
                throws IOException
        {
            return file.length();
        }

        @Override
        public Instant lastModified()
                throws IOException
        {
            return file.lastModified();
        }

        @Override
        public boolean exists()
                throws IOException
        {
            return file.exists();
        }

        @Override
        public Location location()
        {
            return file.location();
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
            return record(fileSystem.newInputFile(location));
        }

        @Override
        public TrinoInputFile newInputFile(Location location, long length)
        {
            return record(fileSystem.newInputFile(location, length));
        }

        @Override
        public TrinoInputFile newInputFile(Location location, long length, Instant lastModified)
        {
            return record(fileSystem.newInputFile(location, length, lastModified));
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
            listedFolders.add(location.path());
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
