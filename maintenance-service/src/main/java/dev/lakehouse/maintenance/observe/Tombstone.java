package dev.lakehouse.maintenance.observe;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A file a commit removed: after the deleted-file retention, vacuum may delete it.
 */
public record Tombstone(String path, long size, Instant removedAt)
{
    public Tombstone
    {
        requireNonNull(path, "path is null");
        requireNonNull(removedAt, "removedAt is null");
    }
}
