package dev.lakehouse.transactionlog.clone;

import dev.lakehouse.transactionlog.DataFilePaths;
import dev.lakehouse.transactionlog.LogFile;
import dev.lakehouse.transactionlog.NormalizedPath;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import dev.lakehouse.transactionlog.deletionvectors.DeletionVectorFiles;
import io.airlift.log.Logger;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.TrinoException;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The files of a table that its shallow clones may still read, so that vacuum of the table spares them. For a clone
 * that still exists (its log is at the registered location with the registered table id), that is every file its
 * readable versions name: the active files of its oldest readable version and every file a later commit adds or
 * removes. For a clone that cannot be found (not yet committed, moved or deleted by another engine, or unreadable) it
 * is every file the registration lists, which bounds what the clone could ever name: protection errs towards keeping.
 */
public final class CloneProtection
{
    private static final Logger log = Logger.get(CloneProtection.class);

    private final TrinoFileSystem fileSystem;
    private final TransactionLog sourceLog;

    public CloneProtection(TrinoFileSystem fileSystem, TransactionLog sourceLog)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.sourceLog = requireNonNull(sourceLog, "sourceLog is null");
    }

    public Set<NormalizedPath> filesUsedByClones()
    {
        Set<NormalizedPath> used = new HashSet<>();
        for (CloneRegistration registration : new CloneRegistry(fileSystem).registrations(sourceLog.tableLocation())) {
            Optional<Set<NormalizedPath>> named = filesNamedByClone(registration);
            if (named.isPresent()) {
                used.addAll(named.get());
            }
            else {
                log.info("Clone %s of %s was not found at %s: all %s files it was made with are kept", registration.cloneTableId(), sourceLog.tableLocation(), registration.cloneLocation(), registration.files().size());
                registration.files().forEach(file -> used.add(NormalizedPath.of(Location.of(file))));
            }
        }
        return used;
    }

    /**
     * Whether the registered clone still exists: a readable log at its registered location with its table id.
     */
    public static boolean isLive(TransactionLog cloneLog, CloneRegistration registration)
    {
        try {
            return hasCloneTableId(cloneLog, cloneLog.listLogFiles(), registration);
        }
        catch (TrinoException e) {
            return false;
        }
    }

    /**
     * Whether the log holds the registered clone: not empty, and its table id the clone's (a table created at the
     * same place later is another table).
     */
    private static boolean hasCloneTableId(TransactionLog cloneLog, List<LogFile> logFiles, CloneRegistration registration)
    {
        return !logFiles.isEmpty() && cloneLog.loadSnapshot(logFiles, OptionalLong.empty()).metadata().id().equals(registration.cloneTableId());
    }

    private Optional<Set<NormalizedPath>> filesNamedByClone(CloneRegistration registration)
    {
        TransactionLog cloneLog = sourceLog.ofTable(Location.of(registration.cloneLocation()));
        try {
            List<LogFile> logFiles = cloneLog.listLogFiles();
            if (!hasCloneTableId(cloneLog, logFiles, registration)) {
                return Optional.empty();
            }
            long oldestReadable = TransactionLog.oldestReadableVersion(logFiles).orElse(0);
            Set<NormalizedPath> named = new HashSet<>();
            Location cloneLocation = cloneLog.tableLocation();
            cloneLog.loadSnapshot(logFiles, OptionalLong.of(oldestReadable)).activeFiles()
                    .forEach(file -> name(named, cloneLocation, file.path(), file.deletionVector()));
            for (LogFile logFile : logFiles) {
                if (logFile.kind() != LogFile.Kind.COMMIT || logFile.version() <= oldestReadable) {
                    continue;
                }
                for (DeltaAction action : cloneLog.readCommit(logFile.version())) {
                    switch (action) {
                        case AddFileEntry add -> name(named, cloneLocation, add.path(), add.deletionVector());
                        case RemoveFileEntry remove -> name(named, cloneLocation, remove.path(), remove.deletionVector());
                        default -> {}
                    }
                }
            }
            return Optional.of(named);
        }
        catch (TrinoException e) {
            log.warn(e, "Could not read clone %s at %s", registration.cloneTableId(), registration.cloneLocation());
            return Optional.empty();
        }
    }

    private static void name(Set<NormalizedPath> named, Location cloneLocation, String path, Optional<DeletionVectorDescriptor> deletionVector)
    {
        named.add(NormalizedPath.of(DataFilePaths.resolve(cloneLocation, path)));
        deletionVector.flatMap(descriptor -> DeletionVectorFiles.location(cloneLocation, descriptor))
                .ifPresent(location -> named.add(NormalizedPath.of(location)));
    }
}
