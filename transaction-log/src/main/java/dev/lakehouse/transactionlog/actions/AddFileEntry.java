package dev.lakehouse.transactionlog.actions;

import com.google.common.collect.ImmutableMap;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The {@code add} action: a data file that is part of the table from this version on.
 *
 * @param path relative (URL-encoded) or absolute URI of the file
 * @param partitionValues serialized partition values; a value is null for a NULL partition
 * @param stats the JSON statistics string, as written in the log
 * @param deletionVector the descriptor of the file's deletion vector, if it has one
 * @param clusteringProvider the clustering implementation that wrote the file, for a file of a clustered table that
 *         a clustering run wrote
 */
public record AddFileEntry(
        String path,
        Map<String, String> partitionValues,
        long size,
        long modificationTime,
        boolean dataChange,
        Optional<String> stats,
        Map<String, String> tags,
        Optional<DeletionVectorDescriptor> deletionVector,
        Optional<String> clusteringProvider)
        implements DeltaAction
{
    public AddFileEntry
    {
        requireNonNull(path, "path is null");
        // partition values may be null, which ImmutableMap does not allow
        partitionValues = Collections.unmodifiableMap(new HashMap<>(partitionValues));
        requireNonNull(stats, "stats is null");
        tags = ImmutableMap.copyOf(tags);
        requireNonNull(deletionVector, "deletionVector is null");
        requireNonNull(clusteringProvider, "clusteringProvider is null");
    }

    /**
     * A file without clustering provider, as most writers add it.
     */
    public AddFileEntry(String path, Map<String, String> partitionValues, long size, long modificationTime, boolean dataChange, Optional<String> stats, Map<String, String> tags, Optional<DeletionVectorDescriptor> deletionVector)
    {
        this(path, partitionValues, size, modificationTime, dataChange, stats, tags, deletionVector, Optional.empty());
    }

    /**
     * This file as added by a rewrite that leaves the table's rows unchanged (compaction, clustering), or by a data change.
     */
    public AddFileEntry withDataChange(boolean newDataChange)
    {
        return new AddFileEntry(path, partitionValues, size, modificationTime, newDataChange, stats, tags, deletionVector, clusteringProvider);
    }

    /**
     * This file with {@code newTags} added to its tags (a clustering run records what it clustered by).
     */
    public AddFileEntry withTags(Map<String, String> newTags)
    {
        Map<String, String> merged = new HashMap<>(tags);
        merged.putAll(newTags);
        return new AddFileEntry(path, partitionValues, size, modificationTime, dataChange, stats, merged, deletionVector, clusteringProvider);
    }

    /**
     * The same file with a (new) deletion vector: a DELETE, UPDATE or MERGE that deletes some of its rows.
     */
    public AddFileEntry withDeletionVector(DeletionVectorDescriptor newDeletionVector)
    {
        return new AddFileEntry(path, partitionValues, size, modificationTime, dataChange, stats, tags, Optional.of(newDeletionVector), clusteringProvider);
    }

    /**
     * This file as written by the clustering implementation {@code provider}.
     */
    public AddFileEntry withClusteringProvider(String provider)
    {
        return new AddFileEntry(path, partitionValues, size, modificationTime, dataChange, stats, tags, deletionVector, Optional.of(provider));
    }

    /**
     * The same file named by another path (a shallow clone names its source's files by absolute path).
     */
    public AddFileEntry withPath(String newPath)
    {
        return new AddFileEntry(newPath, partitionValues, size, modificationTime, dataChange, stats, tags, deletionVector, clusteringProvider);
    }

    /**
     * The key that identifies a logical file in log replay: its path and its deletion vector.
     */
    public FileKey fileKey()
    {
        return new FileKey(path, deletionVector.map(DeletionVectorDescriptor::uniqueId));
    }
}
