package dev.lakehouse.trino.read;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.UncheckedExecutionException;
import io.trino.parquet.ParquetDataSource;
import io.trino.parquet.metadata.BlockMetadata;
import io.trino.parquet.metadata.FileMetadata;
import io.trino.parquet.metadata.ParquetMetadata;
import io.trino.parquet.reader.MetadataReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import static com.google.common.base.Throwables.throwIfInstanceOf;
import static com.google.common.base.Throwables.throwIfUnchecked;
import static java.util.Objects.requireNonNull;

/**
 * The parsed footers of data files read recently. A query over a table of many small files (a stream's commits
 * waiting to be clustered, the runs of a clustered table) otherwise parses each file's footer and converts each of
 * its row groups again on every query: about a sixth of the scan's CPU in profiles of the streaming benchmark's box
 * query. A committed data file never changes (rewrites write new files under new names), so a footer is found again
 * by the file's location and size. Bounded by an estimate of the retained size of the footers.
 */
final class FooterCache
{
    // a column chunk's metadata with its statistics, and a file's schema and key-value metadata, in memory
    private static final long BYTES_PER_COLUMN_CHUNK = 600;
    private static final long BYTES_PER_FILE = 2048;

    /**
     * A file's footer: its schema and its row groups, converted once.
     */
    record Footer(FileMetadata fileMetadata, List<BlockMetadata> rowGroups)
    {
        Footer
        {
            requireNonNull(fileMetadata, "fileMetadata is null");
            rowGroups = List.copyOf(rowGroups);
        }

        long estimatedBytes()
        {
            return BYTES_PER_FILE + BYTES_PER_COLUMN_CHUNK * rowGroups.stream().mapToLong(rowGroup -> rowGroup.columns().size()).sum();
        }
    }

    private record FileKey(String location, long size) {}

    private final Optional<Cache<FileKey, Footer>> footers;

    /**
     * @param maxBytes how much memory the footers may take, by estimate; 0 reads every footer from its file
     */
    FooterCache(long maxBytes)
    {
        this.footers = maxBytes <= 0 ? Optional.empty() : Optional.of(CacheBuilder.newBuilder()
                .maximumWeight(maxBytes)
                .<FileKey, Footer>weigher((_, footer) -> (int) Math.min(Integer.MAX_VALUE, footer.estimatedBytes()))
                .build());
    }

    Footer footer(ParquetDataSource dataSource, String location, long fileSize)
            throws IOException
    {
        if (footers.isEmpty()) {
            return read(dataSource);
        }
        try {
            return footers.get().get(new FileKey(location, fileSize), () -> read(dataSource));
        }
        catch (ExecutionException | UncheckedExecutionException e) {
            throwIfInstanceOf(e.getCause(), IOException.class);
            throwIfUnchecked(e.getCause());
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }

    private static Footer read(ParquetDataSource dataSource)
            throws IOException
    {
        ParquetMetadata metadata = MetadataReader.readFooter(dataSource, Optional.empty());
        return new Footer(metadata.getFileMetaData(), metadata.getBlocks());
    }
}
