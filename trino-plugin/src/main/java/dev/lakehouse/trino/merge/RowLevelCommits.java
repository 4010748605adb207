package dev.lakehouse.trino.merge;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CdcFileEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import dev.lakehouse.trino.FilePruner;
import dev.lakehouse.trino.FileRows;
import dev.lakehouse.trino.LakehouseTableHandle;
import io.trino.spi.TrinoException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INTERNAL_ERROR;

/**
 * The actions that row-level changes commit: a merge's rewritten files removed and its new files added; whole files
 * removed by a DELETE whose predicate is decided by partition values alone, or by TRUNCATE.
 */
public final class RowLevelCommits
{
    private RowLevelCommits() {}

    /**
     * The files a merge's writers changed, removed as the version its scan read has them (with the deletion vector
     * they had), those given a deletion vector added again as they were with it, then the files they wrote.
     *
     * @param written the {@code add} actions of the written files, the path-only {@code remove} actions of the
     *         changed ones, and a path-and-vector {@code add} for each one given a deletion vector, as the merge sinks
     *         report them
     * @param tagAdded what to do to the written files (not to those given a vector, which keep what they had)
     */
    public static List<DeltaAction> mergeActions(TableSnapshot readSnapshot, List<DeltaAction> written, Function<List<AddFileEntry>, List<AddFileEntry>> tagAdded, long now)
    {
        Map<String, AddFileEntry> files = filesByPath(readSnapshot);
        ImmutableList.Builder<DeltaAction> actions = ImmutableList.builder();
        List<AddFileEntry> newFiles = new ArrayList<>();
        for (DeltaAction action : written) {
            switch (action) {
                case RemoveFileEntry removal -> actions.add(RemoveFileEntry.of(readFile(files, removal.path(), readSnapshot), now, true));
                case AddFileEntry add when add.deletionVector().isPresent() && files.containsKey(add.path()) ->
                        actions.add(readFile(files, add.path(), readSnapshot).withDeletionVector(add.deletionVector().get()));
                case AddFileEntry add -> newFiles.add(add);
                case CdcFileEntry changeData -> actions.add(changeData);
                default -> throw new TrinoException(LAKEHOUSE_INTERNAL_ERROR, "Unexpected merge action " + action);
            }
        }
        actions.addAll(tagAdded.apply(newFiles));
        return actions.build();
    }

    private static AddFileEntry readFile(Map<String, AddFileEntry> files, String path, TableSnapshot readSnapshot)
    {
        AddFileEntry file = files.get(path);
        if (file == null) {
            throw new TrinoException(LAKEHOUSE_INTERNAL_ERROR, "The merge changed %s, which is not a file of version %s; nothing was committed".formatted(path, readSnapshot.version()));
        }
        return file;
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

    /**
     * The paths of the files a row-level change's scan may have read: those of its read version whose partition
     * values and statistics the scan's constraint does not exclude. A concurrent commit that deletes rows from
     * another file cannot change what the change decided.
     */
    public static Set<String> filesRead(TableSnapshot readSnapshot, LakehouseTableHandle table)
    {
        FilePruner pruner = new FilePruner(table.partitionConstraint().intersect(table.dataConstraint()));
        return readSnapshot.activeFiles().stream().filter(pruner::mayMatch).map(AddFileEntry::path).collect(toImmutableSet());
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
