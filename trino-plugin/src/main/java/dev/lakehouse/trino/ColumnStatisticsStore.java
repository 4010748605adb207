package dev.lakehouse.trino;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.inject.Inject;
import dev.lakehouse.stats.TableColumnStatistics;
import dev.lakehouse.stats.TableColumnStatisticsJson;
import io.airlift.log.Logger;
import io.trino.filesystem.FileIterator;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoInputFile;
import io.trino.spi.connector.ConnectorSession;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Column statistics files beside the transaction log, one per table version they describe:
 * {@code _delta_log/_lakehouse/column-statistics-<version>.json} (format in {@link TableColumnStatisticsJson}).
 * Delta readers ignore the folder. A version without its file simply has no such statistics; a damaged file is
 * reported in the server log and ignored, since statistics only guide planning.
 */
public final class ColumnStatisticsStore
{
    private static final Logger log = Logger.get(ColumnStatisticsStore.class);
    private static final String DIRECTORY = "_delta_log/_lakehouse";
    private static final Pattern FILE_NAME = Pattern.compile("column-statistics-(\\d{20})\\.json");

    private final TransactionLogAccess logAccess;
    // only files found are cached: one may appear for a version right after its commit
    private final Cache<String, TableColumnStatistics> found = CacheBuilder.newBuilder().maximumSize(256).build();

    @Inject
    public ColumnStatisticsStore(TransactionLogAccess logAccess)
    {
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
    }

    public Optional<TableColumnStatistics> read(ConnectorSession session, Location tableLocation, long version)
    {
        Location file = fileLocation(tableLocation, version);
        TableColumnStatistics cached = found.getIfPresent(file.toString());
        if (cached != null) {
            return Optional.of(cached);
        }
        TrinoInputFile input = logAccess.fileSystem(session).newInputFile(file);
        try (InputStream stream = input.newStream()) {
            TableColumnStatistics statistics = TableColumnStatisticsJson.parse(new String(stream.readAllBytes(), UTF_8));
            if (statistics.tableVersion() != version) {
                log.warn("Ignoring column statistics file %s: it describes version %s", file, statistics.tableVersion());
                return Optional.empty();
            }
            found.put(file.toString(), statistics);
            return Optional.of(statistics);
        }
        catch (FileNotFoundException e) {
            return Optional.empty();
        }
        catch (IOException | IllegalArgumentException e) {
            log.warn(e, "Ignoring unreadable column statistics file %s", file);
            return Optional.empty();
        }
    }

    /**
     * The statistics of the newest version at or before {@code version} that has them, for an incremental ANALYZE.
     */
    public Optional<TableColumnStatistics> latestAtOrBefore(ConnectorSession session, Location tableLocation, long version)
    {
        OptionalLong newest = OptionalLong.empty();
        try {
            FileIterator files = logAccess.fileSystem(session).listFiles(tableLocation.appendPath(DIRECTORY));
            while (files.hasNext()) {
                Matcher name = FILE_NAME.matcher(files.next().location().fileName());
                if (name.matches()) {
                    long fileVersion = Long.parseLong(name.group(1));
                    if (fileVersion <= version && (newest.isEmpty() || fileVersion > newest.getAsLong())) {
                        newest = OptionalLong.of(fileVersion);
                    }
                }
            }
        }
        catch (IOException e) {
            log.warn(e, "Cannot list the column statistics of %s", tableLocation);
            return Optional.empty();
        }
        return newest.isPresent() ? read(session, tableLocation, newest.getAsLong()) : Optional.empty();
    }

    /**
     * Called after the version's commit, so a failure must not fail the committed write: it is logged and the
     * version is left without statistics.
     */
    public void write(ConnectorSession session, Location tableLocation, TableColumnStatistics statistics)
    {
        Location file = fileLocation(tableLocation, statistics.tableVersion());
        TrinoFileSystem fileSystem = logAccess.fileSystem(session);
        try {
            fileSystem.newOutputFile(file).createOrOverwrite(TableColumnStatisticsJson.serialize(statistics).getBytes(UTF_8));
        }
        catch (IOException | RuntimeException e) {
            log.warn(e, "Failed to write column statistics %s; version %s has none", file, statistics.tableVersion());
            return;
        }
        found.put(file.toString(), statistics);
    }

    /**
     * For a commit that changed no rows (a rewrite, a statistics rebuild, a schema change): the previous version's
     * column statistics describe this one too.
     */
    public void carryOver(ConnectorSession session, Location tableLocation, long version)
    {
        read(session, tableLocation, version - 1).ifPresent(previous -> write(session, tableLocation, previous.atVersion(version)));
    }

    private static Location fileLocation(Location tableLocation, long version)
    {
        return tableLocation.appendPath(DIRECTORY + "/column-statistics-%020d.json".formatted(version));
    }
}
