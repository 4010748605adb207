package dev.lakehouse.trino.metadatatables;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.UncheckedExecutionException;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.trino.metadatatables.FilesTable.FilePage;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import static com.google.common.base.Throwables.throwIfUnchecked;

/**
 * The pages of {@code $files} built for recent snapshots: building them parses every file's statistics, which for a
 * table of 100,000 files costs more than the query that reads them. Bounded by the pages' retained size.
 */
final class FilePagesCache
{
    private static final long MAX_RETAINED_BYTES = 256L << 20;

    private record SnapshotKey(String location, String tableId, long version) {}

    private final Cache<SnapshotKey, List<FilePage>> pages = CacheBuilder.newBuilder()
            .maximumWeight(MAX_RETAINED_BYTES)
            .<SnapshotKey, List<FilePage>>weigher((_, filePages) -> (int) Math.min(Integer.MAX_VALUE, filePages.stream().mapToLong(page -> page.page().getRetainedSizeInBytes()).sum()))
            .build();

    List<FilePage> get(TableSnapshot snapshot, Supplier<List<FilePage>> build)
    {
        try {
            return pages.get(new SnapshotKey(snapshot.tableLocation().toString(), snapshot.metadata().id(), snapshot.version()), build::get);
        }
        catch (ExecutionException | UncheckedExecutionException e) {
            throwIfUnchecked(e.getCause());
            throw new RuntimeException(e.getCause());
        }
    }
}
