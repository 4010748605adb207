package dev.lakehouse.transactionlog.actions;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The {@code remove} action: a file that is no longer part of the table from this version on (a tombstone).
 */
public record RemoveFileEntry(
        String path,
        Optional<Map<String, String>> partitionValues,
        long deletionTimestamp,
        boolean dataChange,
        Optional<Long> size,
        Optional<DeletionVectorDescriptor> deletionVector)
        implements DeltaAction
{
    public RemoveFileEntry
    {
        requireNonNull(path, "path is null");
        partitionValues = requireNonNull(partitionValues, "partitionValues is null").map(values -> Collections.unmodifiableMap(new HashMap<>(values)));
        requireNonNull(size, "size is null");
        requireNonNull(deletionVector, "deletionVector is null");
    }

    public static RemoveFileEntry of(AddFileEntry file, long deletionTimestamp, boolean dataChange)
    {
        return new RemoveFileEntry(file.path(), Optional.of(file.partitionValues()), deletionTimestamp, dataChange, Optional.of(file.size()), file.deletionVector());
    }

    public FileKey fileKey()
    {
        return new FileKey(path, deletionVector.map(DeletionVectorDescriptor::uniqueId));
    }
}
