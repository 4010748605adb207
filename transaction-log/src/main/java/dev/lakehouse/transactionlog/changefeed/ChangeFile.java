package dev.lakehouse.transactionlog.changefeed;

import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A file whose rows are changes of one commit.
 *
 * @param kind how its rows are changes: all inserted, all deleted, or each with its own {@code _change_type}
 * @param deletionVector for an inserted file, the rows it was added without; for a deleted one, the rows it no
 *         longer had when it was removed
 * @param commitTimestamp the commit's time: its {@code commitInfo} timestamp, or its log file's modification time
 */
public record ChangeFile(Kind kind, String path, Map<String, String> partitionValues, long size, Optional<DeletionVectorDescriptor> deletionVector, long commitVersion, long commitTimestamp)
{
    public enum Kind
    {
        INSERTED,
        DELETED,
        CHANGE_DATA,
    }

    public ChangeFile
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(path, "path is null");
        partitionValues = Collections.unmodifiableMap(new HashMap<>(partitionValues));
        requireNonNull(deletionVector, "deletionVector is null");
    }
}
