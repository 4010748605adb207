package dev.lakehouse.transactionlog.actions;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Identity of a logical file during log replay: the path plus the deletion vector's unique id.
 */
public record FileKey(String path, Optional<String> deletionVectorId)
{
    public FileKey
    {
        requireNonNull(path, "path is null");
        requireNonNull(deletionVectorId, "deletionVectorId is null");
    }
}
