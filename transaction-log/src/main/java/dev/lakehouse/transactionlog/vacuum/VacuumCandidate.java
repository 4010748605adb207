package dev.lakehouse.transactionlog.vacuum;

import io.trino.filesystem.Location;

import java.time.Instant;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A file vacuum would delete, and why.
 *
 * @param removedAtVersion the version whose {@code remove} took the file out of the table, when the log still holds
 *                         it; empty for an orphan (a file no log entry names, such as one left by a failed write)
 */
public record VacuumCandidate(Location location, long size, Instant modificationTime, OptionalLong removedAtVersion)
{
    public VacuumCandidate
    {
        requireNonNull(location, "location is null");
        requireNonNull(modificationTime, "modificationTime is null");
        requireNonNull(removedAtVersion, "removedAtVersion is null");
    }

    public String reason()
    {
        return removedAtVersion.isPresent() ? "removed" : "orphan";
    }
}
