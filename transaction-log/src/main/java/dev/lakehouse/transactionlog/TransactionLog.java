package dev.lakehouse.transactionlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.ActionJsonCodec;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.DomainMetadataEntry;
import dev.lakehouse.transactionlog.actions.FileKey;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import dev.lakehouse.transactionlog.actions.TransactionEntry;
import dev.lakehouse.transactionlog.checkpoint.CheckpointReader;
import io.trino.filesystem.FileEntry;
import io.trino.filesystem.FileIterator;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoInputFile;
import io.trino.filesystem.TrinoInputStream;
import io.trino.spi.TrinoException;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_CORRUPT_LOG;
import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_TABLE_NOT_FOUND;
import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_VERSION_NOT_FOUND;
import static dev.lakehouse.transactionlog.StorageLocations.fileExists;
import static dev.lakehouse.transactionlog.retention.TableRetention.LOG_RETENTION_PROPERTY;
import static java.lang.String.format;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Reads the transaction log of one table: lists {@code _delta_log/}, picks the newest usable checkpoint and
 * replays the commits after it. One listing and one read per log file; nothing is cached here.
 */
public final class TransactionLog
{
    public static final String LOG_DIRECTORY = "_delta_log";
    private static final ObjectMapper LAST_CHECKPOINT_MAPPER = new ObjectMapper();

    private final TrinoFileSystem fileSystem;
    private final Location tableLocation;
    private final Location logLocation;
    private final CheckpointReader checkpointReader;

    public TransactionLog(TrinoFileSystem fileSystem, Location tableLocation, CheckpointReader checkpointReader)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.tableLocation = requireNonNull(tableLocation, "tableLocation is null");
        this.logLocation = tableLocation.appendPath(LOG_DIRECTORY);
        this.checkpointReader = requireNonNull(checkpointReader, "checkpointReader is null");
    }

    /**
     * The log of another table, read through the same file system and checkpoint reader.
     */
    public TransactionLog ofTable(Location otherTableLocation)
    {
        return new TransactionLog(fileSystem, otherTableLocation, checkpointReader);
    }

    public Location tableLocation()
    {
        return tableLocation;
    }

    public Location logLocation()
    {
        return logLocation;
    }

    public Location commitLocation(long version)
    {
        return logLocation.appendPath(LogFile.commitFileName(version));
    }

    /**
     * Whether the commit of {@code version} exists: one metadata call, how an observer learns that a table has not
     * changed without listing its log.
     */
    public boolean commitExists(long version)
    {
        return fileExists(fileSystem, commitLocation(version));
    }

    /**
     * When the commit of {@code version} was written (its file's modification time), or empty when it does not exist.
     */
    public OptionalLong commitModificationTime(long version)
    {
        try {
            TrinoInputFile commit = fileSystem.newInputFile(commitLocation(version));
            return commit.exists() ? OptionalLong.of(commit.lastModified().toEpochMilli()) : OptionalLong.empty();
        }
        catch (FileNotFoundException e) {
            return OptionalLong.empty();
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to look for commit %s of %s: %s".formatted(version, tableLocation, e.getMessage()), e);
        }
    }

    /**
     * How many new commits a reader that knows an earlier version looks for one by one ({@link #commitsAfter}) before
     * one listing of the log is cheaper.
     */
    public static final int COMMITS_PROBED_BEFORE_LISTING = 50;

    /**
     * The commits after {@code version}: looked for one by one while they are fewer than
     * {@link #COMMITS_PROBED_BEFORE_LISTING}, else found by one listing.
     */
    public List<LogFile> commitsSince(long version)
    {
        List<LogFile> probed = commitsAfter(version, COMMITS_PROBED_BEFORE_LISTING);
        if (probed.size() < COMMITS_PROBED_BEFORE_LISTING) {
            return probed;
        }
        return listLogFiles().stream()
                .filter(file -> file.kind() == LogFile.Kind.COMMIT && file.version() > version)
                .toList();
    }

    /**
     * The commits after {@code version}, found by looking for each next commit file in turn (one metadata call per
     * commit, plus one for the first that does not exist) rather than by listing the whole log; at most
     * {@code limit}, so that a caller far behind lists instead.
     */
    public List<LogFile> commitsAfter(long version, int limit)
    {
        List<LogFile> commits = new ArrayList<>();
        try {
            for (long next = version + 1; commits.size() < limit; next++) {
                TrinoInputFile commit = fileSystem.newInputFile(commitLocation(next));
                if (!commit.exists()) {
                    break;
                }
                commits.add(new LogFile(commit.location(), next, LogFile.Kind.COMMIT, OptionalInt.empty(), OptionalInt.empty(), commit.length(), commit.lastModified().toEpochMilli()));
            }
        }
        catch (FileNotFoundException e) {
            // removed between the two calls: the caller lists the log instead
            return List.of();
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to look for the commits of %s after version %s: %s".formatted(tableLocation, version, e.getMessage()), e);
        }
        return commits;
    }

    /**
     * The checkpoint version that {@code _last_checkpoint} names: the newest checkpoint by its writer's account, read
     * with one small file instead of a listing of the log. Writers update it once the checkpoint is complete, so it may
     * lag behind the log but never names a checkpoint that is not there yet. Empty without the file, or when it cannot
     * be read (another engine writing it at that moment).
     */
    public OptionalLong lastCheckpointPointer()
    {
        try (TrinoInputStream stream = fileSystem.newInputFile(logLocation().appendPath(TransactionCommitter.LAST_CHECKPOINT_FILE)).newStream()) {
            JsonNode version = LAST_CHECKPOINT_MAPPER.readTree(stream).path("version");
            return version.canConvertToLong() ? OptionalLong.of(version.asLong()) : OptionalLong.empty();
        }
        catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * All commit and checkpoint files of the log, ordered by version (commits before checkpoints of a version).
     */
    public List<LogFile> listLogFiles()
    {
        return listLogFiles(fileSystem, tableLocation);
    }

    private static List<LogFile> listLogFiles(TrinoFileSystem fileSystem, Location tableLocation)
    {
        Location log = tableLocation.appendPath(LOG_DIRECTORY);
        List<LogFile> files = new ArrayList<>();
        try {
            FileIterator iterator = fileSystem.listFiles(log);
            while (iterator.hasNext()) {
                FileEntry entry = iterator.next();
                // skip nested folders such as _sidecars and _change_data
                if (!entry.location().parentDirectory().path().equals(log.path()) && !entry.location().parentDirectory().equals(log)) {
                    continue;
                }
                LogFile.parse(entry.location(), entry.length(), entry.lastModified().toEpochMilli()).ifPresent(files::add);
            }
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to list the transaction log of " + tableLocation + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparingLong(LogFile::version).thenComparing(LogFile::kind).thenComparing(file -> file.location().toString()));
        return files;
    }

    public boolean exists()
    {
        return existsAt(fileSystem, tableLocation);
    }

    /**
     * Whether a table's log holds a commit or a checkpoint. Asked by every query of a table, so it first looks for
     * the two files nearly every log has, its first commit (until log cleanup removes it) and the checkpoint pointer
     * (once there is a checkpoint), each one metadata call; only a log with neither is listed, which on a local file
     * system reads the whole folder (33 ms on every query of a table of 2,200 log files).
     */
    public static boolean existsAt(TrinoFileSystem fileSystem, Location tableLocation)
    {
        Location log = tableLocation.appendPath(LOG_DIRECTORY);
        return fileExists(fileSystem, log.appendPath(LogFile.commitFileName(0)))
                || fileExists(fileSystem, log.appendPath(TransactionCommitter.LAST_CHECKPOINT_FILE))
                || !listLogFiles(fileSystem, tableLocation).isEmpty();
    }

    public TableSnapshot loadLatestSnapshot()
    {
        return loadSnapshot(listLogFiles(), OptionalLong.empty());
    }

    public TableSnapshot loadSnapshot(long version)
    {
        return loadSnapshot(listLogFiles(), OptionalLong.of(version));
    }

    /**
     * The snapshot of the newest version committed at or before {@code epochMillis}.
     */
    public TableSnapshot loadSnapshotAsOf(long epochMillis)
    {
        List<LogFile> files = listLogFiles();
        Optional<LogFile> commit = files.stream()
                .filter(file -> file.kind() == LogFile.Kind.COMMIT && file.modificationTime() <= epochMillis)
                .max(Comparator.comparingLong(LogFile::version));
        if (commit.isEmpty()) {
            OptionalLong oldestReadable = oldestReadableVersion(files);
            if (oldestReadable.isPresent() && oldestReadable.getAsLong() > 0) {
                throw new TrinoException(LAKEHOUSE_VERSION_NOT_FOUND, format(
                        "Table %s has no version committed at or before %s that is still in the transaction log: log cleanup removed the versions before %s (older than the table's %s)",
                        tableLocation, java.time.Instant.ofEpochMilli(epochMillis), oldestReadable.getAsLong(), LOG_RETENTION_PROPERTY));
            }
            throw new TrinoException(LAKEHOUSE_VERSION_NOT_FOUND, format("Table %s has no version committed at or before %s", tableLocation, java.time.Instant.ofEpochMilli(epochMillis)));
        }
        return loadSnapshot(files, OptionalLong.of(commit.get().version()));
    }

    /**
     * The newest version in a listing of the log.
     */
    public static OptionalLong latestVersion(List<LogFile> files)
    {
        return files.stream().mapToLong(LogFile::version).max();
    }

    /**
     * When a version was committed: the modification time of its commit file (or, without one, of its checkpoint).
     */
    public static long versionTimestamp(List<LogFile> files, long version)
    {
        return files.stream()
                .filter(file -> file.version() == version)
                .min(Comparator.comparing(LogFile::kind))
                .map(LogFile::modificationTime)
                .orElseThrow(() -> new IllegalArgumentException("no log file for version " + version));
    }

    /**
     * Loads a snapshot from a listing the caller already made with {@link #listLogFiles()}.
     */
    public TableSnapshot loadSnapshot(List<LogFile> files, OptionalLong requestedVersion)
    {
        TreeMap<Long, LogFile> commits = new TreeMap<>();
        for (LogFile file : files) {
            if (file.kind() == LogFile.Kind.COMMIT) {
                commits.put(file.version(), file);
            }
        }
        TreeMap<Long, List<LogFile>> checkpoints = checkpointsByVersion(files);
        if (commits.isEmpty() && checkpoints.isEmpty()) {
            throw new TrinoException(LAKEHOUSE_TABLE_NOT_FOUND, format("No transaction log found at %s: the folder has no %s/ with commits", tableLocation, LOG_DIRECTORY));
        }
        long latestVersion = Math.max(commits.isEmpty() ? -1 : commits.lastKey(), checkpoints.isEmpty() ? -1 : checkpoints.lastKey());
        long version = requestedVersion.orElse(latestVersion);
        if (version > latestVersion || version < 0) {
            throw new TrinoException(LAKEHOUSE_VERSION_NOT_FOUND, format("Table %s has no version %s: the latest version is %s", tableLocation, version, latestVersion));
        }

        OptionalLong oldestReadable = oldestReadableVersion(files);
        if (oldestReadable.isPresent() && version < oldestReadable.getAsLong()) {
            throw new TrinoException(LAKEHOUSE_VERSION_NOT_FOUND, format(
                    "Version %s of table %s is no longer in the transaction log: log cleanup removed the log files before the checkpoint of version %s " +
                            "(they were older than the table's %s). The oldest version that can be read is %s",
                    version, tableLocation, oldestReadable.getAsLong(), LOG_RETENTION_PROPERTY, oldestReadable.getAsLong()));
        }
        Optional<List<LogFile>> checkpoint = newestCompleteCheckpoint(checkpoints, version);
        long firstCommit = checkpoint.map(parts -> parts.getFirst().version() + 1).orElse(0L);
        for (long commitVersion = firstCommit; commitVersion <= version; commitVersion++) {
            if (!commits.containsKey(commitVersion)) {
                throw new TrinoException(checkpoint.isEmpty() && commitVersion < (commits.isEmpty() ? 0 : commits.firstKey()) ? LAKEHOUSE_VERSION_NOT_FOUND : LAKEHOUSE_CORRUPT_LOG,
                        format("Cannot reconstruct version %s of table %s: commit file %s is missing and no checkpoint covers it", version, tableLocation, LogFile.commitFileName(commitVersion)));
            }
        }

        LogReplay replay = new LogReplay();
        checkpoint.ifPresent(parts -> checkpointReader.read(fileSystem, parts.stream().map(LogFile::location).toList(), replay::applyFromCheckpoint));
        for (long commitVersion = firstCommit; commitVersion <= version; commitVersion++) {
            readCommit(commits.get(commitVersion).location(), replay::applyFromCommit);
        }
        return replay.toSnapshot(tableLocation, version, versionTimestamp(files, version));
    }

    /**
     * The snapshot of {@code toVersion}, from an earlier snapshot of the same table and the commits after it: what
     * an observer that already replayed the log reads on its next look. Each action read is also handed to
     * {@code actionsRead} with its version.
     *
     * @throws TrinoException when a commit in between is missing (log cleanup removed it): load the snapshot instead
     */
    public TableSnapshot advance(TableSnapshot from, List<LogFile> files, long toVersion, BiConsumer<Long, DeltaAction> actionsRead)
    {
        Map<Long, LogFile> commits = new HashMap<>();
        files.stream().filter(file -> file.kind() == LogFile.Kind.COMMIT).forEach(file -> commits.put(file.version(), file));
        LogReplay replay = new LogReplay(from);
        for (long version = from.version() + 1; version <= toVersion; version++) {
            LogFile commit = commits.get(version);
            if (commit == null) {
                throw new TrinoException(LAKEHOUSE_VERSION_NOT_FOUND, format("Cannot advance table %s from version %s to %s: commit file %s is missing", tableLocation, from.version(), toVersion, LogFile.commitFileName(version)));
            }
            long commitVersion = version;
            readCommit(commit.location(), action -> {
                replay.applyFromCommit(action);
                actionsRead.accept(commitVersion, action);
            });
        }
        return replay.toSnapshot(tableLocation, toVersion, versionTimestamp(files, toVersion));
    }

    private static Optional<List<LogFile>> newestCompleteCheckpoint(TreeMap<Long, List<LogFile>> checkpoints, long version)
    {
        for (List<LogFile> candidates : checkpoints.headMap(version, true).descendingMap().values()) {
            Optional<List<LogFile>> checkpoint = completeCheckpoint(candidates);
            if (checkpoint.isPresent()) {
                return checkpoint;
            }
        }
        return Optional.empty();
    }

    /**
     * The files of one version's checkpoint when they form a complete one: a classic checkpoint, every part of a
     * multi-part checkpoint, or a V2 (UUID-named) checkpoint, whose reader follows it to its sidecar files. An
     * incomplete multi-part checkpoint is skipped in favour of an older one.
     */
    private static Optional<List<LogFile>> completeCheckpoint(List<LogFile> candidates)
    {
        Optional<LogFile> classic = candidates.stream().filter(file -> file.kind() == LogFile.Kind.CLASSIC_CHECKPOINT).findFirst();
        if (classic.isPresent()) {
            return Optional.of(ImmutableList.of(classic.get()));
        }
        List<LogFile> multiPart = candidates.stream().filter(file -> file.kind() == LogFile.Kind.MULTI_PART_CHECKPOINT).toList();
        if (multiPart.isEmpty()) {
            return candidates.stream()
                    .filter(file -> file.kind() == LogFile.Kind.V2_CHECKPOINT)
                    .min(Comparator.comparing(file -> file.location().fileName()))
                    .map(ImmutableList::of);
        }
        int parts = multiPart.getFirst().parts().orElseThrow();
        List<LogFile> sameSplit = multiPart.stream().filter(file -> file.parts().orElseThrow() == parts).toList();
        long distinctParts = sameSplit.stream().map(file -> file.part().orElseThrow()).distinct().count();
        return distinctParts == parts ? Optional.of(sameSplit) : Optional.empty();
    }

    /**
     * Versions of a listing that have a complete checkpoint, oldest first.
     */
    public static List<Long> completeCheckpointVersions(List<LogFile> files)
    {
        return checkpointsByVersion(files).entrySet().stream()
                .filter(entry -> completeCheckpoint(entry.getValue()).isPresent())
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * The oldest version a listing of the log can still reconstruct: version 0 while its commit is there, otherwise
     * the oldest complete checkpoint (log cleanup removed what came before it).
     */
    public static OptionalLong oldestReadableVersion(List<LogFile> files)
    {
        if (files.stream().anyMatch(file -> file.kind() == LogFile.Kind.COMMIT && file.version() == 0)) {
            return OptionalLong.of(0);
        }
        List<Long> checkpoints = completeCheckpointVersions(files);
        return checkpoints.isEmpty() ? OptionalLong.empty() : OptionalLong.of(checkpoints.getFirst());
    }

    private static TreeMap<Long, List<LogFile>> checkpointsByVersion(List<LogFile> files)
    {
        TreeMap<Long, List<LogFile>> checkpoints = new TreeMap<>();
        for (LogFile file : files) {
            if (file.isCheckpoint()) {
                checkpoints.computeIfAbsent(file.version(), _ -> new ArrayList<>()).add(file);
            }
        }
        return checkpoints;
    }

    /**
     * The actions of one commit, in file order.
     */
    public List<DeltaAction> readCommit(long version)
    {
        List<DeltaAction> actions = new ArrayList<>();
        readCommit(commitLocation(version), actions::add);
        return actions;
    }

    private void readCommit(Location location, Consumer<DeltaAction> consumer)
    {
        TrinoInputFile file = fileSystem.newInputFile(location);
        try (TrinoInputStream input = file.newStream();
                BufferedReader reader = new BufferedReader(new InputStreamReader(input, UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                ActionJsonCodec.parse(line, location.toString()).ifPresent(consumer);
            }
        }
        catch (FileNotFoundException e) {
            throw new TrinoException(LAKEHOUSE_CORRUPT_LOG, "Commit file disappeared while reading the log: " + location, e);
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to read commit file " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * Accumulates the state of the table while actions are applied oldest first.
     */
    private static final class LogReplay
    {
        private ProtocolEntry protocol;
        private MetadataEntry metadata;
        private final Map<FileKey, AddFileEntry> files = new LinkedHashMap<>();
        private final Map<String, TransactionEntry> transactions = new HashMap<>();
        private final Map<String, DomainMetadataEntry> domainMetadata = new HashMap<>();
        private final Map<FileKey, RemoveFileEntry> tombstones = new LinkedHashMap<>();

        LogReplay() {}

        LogReplay(TableSnapshot snapshot)
        {
            protocol = snapshot.protocol();
            metadata = snapshot.metadata();
            snapshot.activeFiles().forEach(file -> files.put(file.fileKey(), file));
            transactions.putAll(snapshot.transactions());
            domainMetadata.putAll(snapshot.domainMetadata());
            snapshot.tombstones().forEach(tombstone -> tombstones.put(tombstone.fileKey(), tombstone));
        }

        void applyFromCheckpoint(DeltaAction action)
        {
            // checkpoints hold tombstones too; they never hide a file of the same checkpoint
            if (action instanceof RemoveFileEntry tombstone) {
                tombstones.put(tombstone.fileKey(), tombstone);
                return;
            }
            applyFromCommit(action);
        }

        void applyFromCommit(DeltaAction action)
        {
            switch (action) {
                case ProtocolEntry entry -> protocol = entry;
                case MetadataEntry entry -> metadata = entry;
                case AddFileEntry entry -> {
                    files.put(entry.fileKey(), entry);
                    tombstones.remove(entry.fileKey());
                }
                case RemoveFileEntry entry -> {
                    files.remove(entry.fileKey());
                    tombstones.put(entry.fileKey(), entry);
                }
                case TransactionEntry entry -> transactions.put(entry.appId(), entry);
                case DomainMetadataEntry entry when entry.removed() -> domainMetadata.remove(entry.domain());
                case DomainMetadataEntry entry -> domainMetadata.put(entry.domain(), entry);
                default -> {}
            }
        }

        TableSnapshot toSnapshot(Location tableLocation, long version, long timestamp)
        {
            if (protocol == null) {
                throw new TrinoException(LAKEHOUSE_CORRUPT_LOG, format("The transaction log of %s has no protocol action up to version %s", tableLocation, version));
            }
            if (metadata == null) {
                throw new TrinoException(LAKEHOUSE_CORRUPT_LOG, format("The transaction log of %s has no metaData action up to version %s", tableLocation, version));
            }
            TableFeatures.checkCanRead(protocol, tableLocation.toString());
            return new TableSnapshot(tableLocation, version, timestamp, protocol, metadata, ImmutableList.copyOf(files.values()), transactions, domainMetadata, ImmutableList.copyOf(tombstones.values()));
        }
    }
}
