package dev.lakehouse.maintenance.warehouse;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import io.trino.filesystem.Location;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * What the log says about a table's latest version, or why it could not be read.
 *
 * @param latest the latest version, empty when the log could not be read
 * @param problem why the log could not be read
 */
public record TableSummary(TableName name, Location location, Optional<LatestVersion> latest, Optional<String> problem)
{
    public TableSummary
    {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
        requireNonNull(latest, "latest is null");
        requireNonNull(problem, "problem is null");
        checkArgument(latest.isPresent() != problem.isPresent(), "a table summary has either its latest version or a problem");
    }

    public static TableSummary of(TableName name, TableSnapshot snapshot)
    {
        return new TableSummary(name, snapshot.tableLocation(), Optional.of(LatestVersion.of(snapshot)), Optional.empty());
    }

    public static TableSummary unreadable(TableName name, Location location, String problem)
    {
        return new TableSummary(name, location, Optional.empty(), Optional.of(problem));
    }

    /**
     * @param files the active data files
     * @param bytes the size of the active data files
     * @param configuration the table configuration of the log's {@code metaData}
     */
    public record LatestVersion(long version, Instant committedAt, long files, long bytes, Map<String, String> configuration)
    {
        public LatestVersion
        {
            requireNonNull(committedAt, "committedAt is null");
            configuration = ImmutableMap.copyOf(configuration);
        }

        static LatestVersion of(TableSnapshot snapshot)
        {
            return new LatestVersion(
                    snapshot.version(),
                    Instant.ofEpochMilli(snapshot.timestamp()),
                    snapshot.activeFiles().size(),
                    snapshot.activeFiles().stream().mapToLong(AddFileEntry::size).sum(),
                    snapshot.metadata().configuration());
        }
    }
}
