package dev.lakehouse.trino.merge;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import dev.lakehouse.trino.FilePruner;
import dev.lakehouse.trino.FileRows;
import dev.lakehouse.trino.LakehouseTableHandle;
import io.trino.spi.TrinoException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INTERNAL_ERROR;

/**
 * The actions that row-level changes commit: a merge's rewritten files removed and its new files added; whole files
 * removed by a DELETE whose predicate is decided by partition values alone, or by TRUNCATE.
 */
public final class RowLevelCommits
{
    private RowLevelCommits() {}

    /**
     * The files a merge's writers rewrote, removed as the version its scan read has them, then the files they wrote.
     *
     * @param written the {@code add} actions of the written files, and the path-only {@code remove} actions of the
     *         rewritten ones, as the merge sinks report them
     */
    public static List<DeltaAction> mergeActions(TableSnapshot readSnapshot, List<DeltaAction> written, Function<List<AddFileEntry>, List<AddFileEntry>> tagAdded, long now)
    {
        Map<String, AddFileEntry> files = filesByPath(readSnapshot);
        ImmutableList.Builder<DeltaAction> actions = ImmutableList.builder();
        for (DeltaAction action : written) {
            if (action instanceof RemoveFileEntry removal) {
                AddFileEntry file = files.get(removal.path());
                if (file == null) {
                    throw new TrinoException(LAKEHOUSE_INTERNAL_ERROR, "The merge rewrote %s, which is not a file of version %s; nothing was committed".formatted(removal.path(), readSnapshot.version()));
                }
                actions.add(RemoveFileEntry.of(file, now, true));
            }
        }
        actions.addAll(tagAdded.apply(written.stream().filter(AddFileEntry.class::isInstance).map(AddFileEntry.class::cast).toList()));
        return actions.build();
    }

    /**
     * The files of a version by the path their {@code add} names (a path with deletion vectors counted once).
     */
    static Map<String, AddFileEntry> filesByPath(TableSnapshot snapshot)
    {
        return snapshot.activeFiles().stream().collect(toImmutableMap(AddFileEntry::path, Function.identity(), (first, _) -> first));
    }

    /**
     * The files of the table that the handle's partition constraint selects (all of them without one): those a
     * DELETE decided by partition values alone, or TRUNCATE, removes whole.
     */
    public static List<AddFileEntry> filesOfPartitions(TableSnapshot snapshot, LakehouseTableHandle table)
    {
        FilePruner pruner = new FilePruner(table.partitionConstraint());
        return snapshot.activeFiles().stream().filter(pruner::mayMatch).toList();
    }

    public static List<DeltaAction> removals(List<AddFileEntry> files, long now)
    {
        return files.stream().map(file -> (DeltaAction) RemoveFileEntry.of(file, now, true)).toList();
    }

    /**
     * The rows the files hold for readers, when the log knows the row count of every one of them.
     */
    public static OptionalLong visibleRows(List<AddFileEntry> files)
    {
        long rows = 0;
        for (AddFileEntry file : files) {
            Optional<Long> count = FileRows.visible(file);
            if (count.isEmpty()) {
                return OptionalLong.empty();
            }
            rows += count.get();
        }
        return OptionalLong.of(rows);
    }
}
