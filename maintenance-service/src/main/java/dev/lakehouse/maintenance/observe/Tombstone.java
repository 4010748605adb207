package dev.lakehouse.maintenance.observe;

import dev.lakehouse.transactionlog.actions.RemoveFileEntry;

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

    public static Tombstone of(RemoveFileEntry remove)
    {
        return new Tombstone(remove.path(), remove.size().orElse(0L), Instant.ofEpochMilli(remove.deletionTimestamp()));
    }
}
