package dev.lakehouse.transactionlog.retention;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.LogFile;
import dev.lakehouse.transactionlog.NormalizedPath;
import dev.lakehouse.transactionlog.StorageLocations;
import dev.lakehouse.transactionlog.TransactionLog;
import io.airlift.log.Logger;
import io.trino.filesystem.FileEntry;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.TrinoException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static java.util.Objects.requireNonNull;

/**
 * Removes log files that no readable version needs any more, by Delta's rule: find the newest complete checkpoint
 * committed before {@code now - logRetention}; every commit, checkpoint and checksum of an older version that is
 * itself older than the cutoff goes, with this connector's column statistics of those versions. The newest
 * checkpoint and everything after it always stay, as does {@code _last_checkpoint}; versions from that checkpoint
 * on remain readable, older ones fail with an error saying the log was cleaned.
 */
public final class LogCleanup
{
    private static final Logger log = Logger.get(LogCleanup.class);
    // commits, checkpoints (classic, multi-part, v2) and checksums, directly in _delta_log/
    private static final Pattern VERSIONED_LOG_FILE = Pattern.compile("(\\d{20})\\.(json|crc|checkpoint\\..*)");
    // the column statistics this connector keeps per version
    private static final String STATISTICS_DIRECTORY = "_lakehouse";
    private static final Pattern STATISTICS_FILE = Pattern.compile("column-statistics-(\\d{20})\\.json");

    private final TrinoFileSystem fileSystem;
    private final TransactionLog transactionLog;

    public LogCleanup(TrinoFileSystem fileSystem, TransactionLog transactionLog)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.transactionLog = requireNonNull(transactionLog, "transactionLog is null");
    }

    /**
     * The log files a cleanup at {@code now} removes.
     */
    public List<Location> plan(Duration logRetention, Instant now)
    {
        List<LogFile> logFiles = transactionLog.listLogFiles();
        long cutoff = now.minus(logRetention).toEpochMilli();
        OptionalLong keepFrom = TransactionLog.completeCheckpointVersions(logFiles).stream()
                .filter(version -> TransactionLog.versionTimestamp(logFiles, version) <= cutoff)
                .mapToLong(Long::longValue)
                .max();
        if (keepFrom.isEmpty()) {
            return ImmutableList.of();
        }
        List<ExpiredFile> expired = new ArrayList<>();
        Location logLocation = transactionLog.logLocation();
        Location statisticsLocation = logLocation.appendPath(STATISTICS_DIRECTORY);
        for (FileEntry file : StorageLocations.listFiles(fileSystem, logLocation, "log cleanup")) {
            Location parent = file.location().parentDirectory();
            Matcher matcher = sameFolder(parent, logLocation) ? VERSIONED_LOG_FILE.matcher(file.location().fileName())
                    : sameFolder(parent, statisticsLocation) ? STATISTICS_FILE.matcher(file.location().fileName())
                    : null;
            if (matcher == null || !matcher.matches()) {
                continue;
            }
            long version = Long.parseLong(matcher.group(1));
            if (version < keepFrom.getAsLong() && file.lastModified().toEpochMilli() <= cutoff) {
                expired.add(new ExpiredFile(file.location(), version));
            }
        }
        // oldest first: a cleanup that stops half-way leaves the log without gaps
        return expired.stream()
                .sorted(Comparator.comparingLong(ExpiredFile::version))
                .map(ExpiredFile::location)
                .collect(toImmutableList());
    }

    private record ExpiredFile(Location location, long version) {}

    private static boolean sameFolder(Location first, Location second)
    {
        return NormalizedPath.of(first).equals(NormalizedPath.of(second));
    }

    /**
     * @return how many log files were removed
     */
    public int run(Duration logRetention, Instant now)
    {
        List<Location> expired = plan(logRetention, now);
        if (expired.isEmpty()) {
            return 0;
        }
        try {
            fileSystem.deleteFiles(expired);
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to remove expired log files of " + transactionLog.tableLocation() + ": " + e.getMessage(), e);
        }
        log.info("Removed %s log files of %s older than %s", expired.size(), transactionLog.tableLocation(), logRetention);
        return expired.size();
    }
}
