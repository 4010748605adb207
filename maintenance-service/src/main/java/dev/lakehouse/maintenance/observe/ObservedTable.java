package dev.lakehouse.maintenance.observe;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.maintenance.warehouse.TableName;
import dev.lakehouse.transactionlog.TableSnapshot;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * What the service knows of a table from its log: the latest snapshot, when it last saw a checkpoint and a vacuum,
 * and the files removed since it started looking (vacuum's future work).
 *
 * @param tombstones removes read since the service first looked (or since the last checkpoint before that), not
 *                   yet vacuumed
 * @param lastVacuumAt when the latest {@code VACUUM END} the service read was committed
 * @param firstObservedAt when the service first looked at the table
 */
public record ObservedTable(
        TableName name,
        TableSnapshot snapshot,
        OptionalLong lastCheckpointVersion,
        List<Tombstone> tombstones,
        Optional<Instant> lastVacuumAt,
        Instant firstObservedAt)
{
    public ObservedTable
    {
        requireNonNull(name, "name is null");
        requireNonNull(snapshot, "snapshot is null");
        requireNonNull(lastCheckpointVersion, "lastCheckpointVersion is null");
        tombstones = ImmutableList.copyOf(tombstones);
        requireNonNull(lastVacuumAt, "lastVacuumAt is null");
        requireNonNull(firstObservedAt, "firstObservedAt is null");
    }

    public long version()
    {
        return snapshot.version();
    }

    public long commitsSinceCheckpoint()
    {
        return snapshot.version() - lastCheckpointVersion.orElse(-1);
    }
}
