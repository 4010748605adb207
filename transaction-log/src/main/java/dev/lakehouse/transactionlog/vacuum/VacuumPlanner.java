package dev.lakehouse.transactionlog.vacuum;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.DataFilePaths;
import dev.lakehouse.transactionlog.LogFile;
import dev.lakehouse.transactionlog.NormalizedPath;
import dev.lakehouse.transactionlog.StorageLocations;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CdcFileEntry;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import dev.lakehouse.transactionlog.clone.CloneProtection;
import dev.lakehouse.transactionlog.deletionvectors.DeletionVectorFiles;
import io.trino.filesystem.FileEntry;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Plans a vacuum from the log alone. A file is deleted only when all of these hold:
 * <ul>
 * <li>it lies under the table's location, outside every hidden folder ({@code _delta_log/}, names starting with
 * {@code _} or {@code .}, except partition folders and {@code _change_data/}, whose change files vacuum removes as
 * Delta's does) and is not itself hidden;</li>
 * <li>no retained version references it: the retained versions are the one that was current at
 * {@code now - retention} and every later one, so the referenced files are the active files of that version plus
 * every file (and deletion vector, and change file) an action of a later commit names;</li>
 * <li>no shallow clone of the table may still read it ({@link CloneProtection});</li>
 * <li>it was last modified before {@code now - retention}, so a file of a write still in flight is never taken.</li>
 * </ul>
 * Paths are compared in one canonical spelling ({@link NormalizedPath}).
 */
public final class VacuumPlanner
{
    private static final String CHANGE_DATA_FOLDER = "_change_data";

    private final TrinoFileSystem fileSystem;
    private final TransactionLog transactionLog;

    public VacuumPlanner(TrinoFileSystem fileSystem, TransactionLog transactionLog)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.transactionLog = requireNonNull(transactionLog, "transactionLog is null");
    }

    public VacuumPlan plan(Duration retention, Instant now)
    {
        Location tableLocation = transactionLog.tableLocation();
        List<LogFile> logFiles = transactionLog.listLogFiles();
        TableSnapshot latest = transactionLog.loadSnapshot(logFiles, OptionalLong.empty());
        Instant threshold = now.minus(retention);
        long oldestRetained = oldestRetainedVersion(logFiles, latest.version(), threshold);
        TableSnapshot oldestRetainedSnapshot = oldestRetained == latest.version() ? latest : transactionLog.loadSnapshot(logFiles, OptionalLong.of(oldestRetained));

        Set<NormalizedPath> referenced = new HashSet<>();
        oldestRetainedSnapshot.activeFiles().forEach(file -> reference(referenced, tableLocation, file.path(), file.deletionVector()));
        // files of this table that its shallow clones name by absolute path
        referenced.addAll(new CloneProtection(fileSystem, transactionLog).filesUsedByClones());
        Map<NormalizedPath, Long> removedAt = new HashMap<>();
        for (LogFile logFile : logFiles) {
            if (logFile.kind() != LogFile.Kind.COMMIT) {
                continue;
            }
            for (DeltaAction action : transactionLog.readCommit(logFile.version())) {
                switch (action) {
                    case AddFileEntry add when logFile.version() > oldestRetained -> reference(referenced, tableLocation, add.path(), add.deletionVector());
                    case RemoveFileEntry remove when logFile.version() > oldestRetained -> reference(referenced, tableLocation, remove.path(), remove.deletionVector());
                    case CdcFileEntry changes when logFile.version() > oldestRetained -> reference(referenced, tableLocation, changes.path(), Optional.empty());
                    case RemoveFileEntry remove -> removedAt.put(NormalizedPath.of(latest.dataFileLocation(remove.path())), logFile.version());
                    default -> {}
                }
            }
        }

        NormalizedPath root = NormalizedPath.of(tableLocation);
        ImmutableList.Builder<VacuumCandidate> candidates = ImmutableList.builder();
        for (FileEntry file : StorageLocations.listFiles(fileSystem, tableLocation, "vacuum")) {
            NormalizedPath path = NormalizedPath.of(file.location());
            Optional<String> relative = path.relativeTo(root);
            if (relative.isEmpty() || isHidden(relative.get(), latest.metadata().partitionColumns())) {
                continue;
            }
            if (referenced.contains(path) || !file.lastModified().isBefore(threshold)) {
                continue;
            }
            Long removedVersion = removedAt.get(path);
            candidates.add(new VacuumCandidate(file.location(), file.length(), file.lastModified(), removedVersion == null ? OptionalLong.empty() : OptionalLong.of(removedVersion)));
        }
        return new VacuumPlan(tableLocation, latest.version(), oldestRetained, retention, threshold, candidates.build());
    }

    /**
     * The version that was current at {@code threshold}: the one before the oldest commit made after it (or the
     * latest when none was), and never older than what the log can still reconstruct.
     */
    static long oldestRetainedVersion(List<LogFile> logFiles, long latestVersion, Instant threshold)
    {
        OptionalLong firstCommitAfter = logFiles.stream()
                .filter(file -> file.kind() == LogFile.Kind.COMMIT && file.modificationTime() > threshold.toEpochMilli())
                .mapToLong(LogFile::version)
                .min();
        long currentAtThreshold = firstCommitAfter.isPresent() ? firstCommitAfter.getAsLong() - 1 : latestVersion;
        return Math.max(currentAtThreshold, TransactionLog.oldestReadableVersion(logFiles).orElse(0));
    }

    private static void reference(Set<NormalizedPath> referenced, Location tableLocation, String path, Optional<DeletionVectorDescriptor> deletionVector)
    {
        referenced.add(NormalizedPath.of(DataFilePaths.resolve(tableLocation, path)));
        deletionVector.flatMap(descriptor -> DeletionVectorFiles.location(tableLocation, descriptor))
                .ifPresent(location -> referenced.add(NormalizedPath.of(location)));
    }

    /**
     * Hidden files and folders belong to the log or to other engines' bookkeeping; a partition folder
     * ({@code column=value}) is data even when the column's name starts with an underscore.
     */
    static boolean isHidden(String relativePath, List<String> partitionColumns)
    {
        String[] segments = relativePath.split("/");
        if (segments.length > 1 && segments[0].equals(CHANGE_DATA_FOLDER)) {
            return isHidden(relativePath.substring(CHANGE_DATA_FOLDER.length() + 1), partitionColumns);
        }
        for (int index = 0; index < segments.length; index++) {
            String segment = segments[index];
            boolean folder = index < segments.length - 1;
            boolean hiddenName = segment.startsWith("_") || segment.startsWith(".");
            if (hiddenName && !(folder && isPartitionFolder(segment, partitionColumns))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPartitionFolder(String segment, List<String> partitionColumns)
    {
        int equals = segment.indexOf('=');
        return equals > 0 && partitionColumns.contains(segment.substring(0, equals));
    }
}
