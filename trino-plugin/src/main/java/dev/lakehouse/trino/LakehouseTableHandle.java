package dev.lakehouse.trino;

import dev.lakehouse.trino.execute.ClusteringSpec;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.predicate.TupleDomain;

import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A table at one version, with the predicates pushed into it.
 *
 * @param versionTimestamp commit time of {@code version}; with the location and version it identifies the snapshot
 * @param timeTravel true when the query asked for a past version: such a handle is read-only
 * @param partitionConstraint enforced exactly by pruning files on their partition values
 * @param dataConstraint used to skip files and row groups; the engine still applies it to rows
 * @param compactFilesSmallerThan set when the scan feeds {@code optimize}: only the files it compacts are read
 * @param clusterFiles set when the scan feeds {@code cluster}: only the files the clustering planner selects are read
 * @param onlyFilesAddedAfter set for an incremental ANALYZE: only the files added after this version are read
 */
public record LakehouseTableHandle(
        SchemaTableName schemaTableName,
        String location,
        long version,
        long versionTimestamp,
        boolean timeTravel,
        TupleDomain<LakehouseColumnHandle> partitionConstraint,
        TupleDomain<LakehouseColumnHandle> dataConstraint,
        OptionalLong compactFilesSmallerThan,
        Optional<ClusteringSpec> clusterFiles,
        OptionalLong onlyFilesAddedAfter)
        implements ConnectorTableHandle
{
    public LakehouseTableHandle
    {
        requireNonNull(schemaTableName, "schemaTableName is null");
        requireNonNull(location, "location is null");
        requireNonNull(partitionConstraint, "partitionConstraint is null");
        requireNonNull(dataConstraint, "dataConstraint is null");
        requireNonNull(compactFilesSmallerThan, "compactFilesSmallerThan is null");
        requireNonNull(clusterFiles, "clusterFiles is null");
        requireNonNull(onlyFilesAddedAfter, "onlyFilesAddedAfter is null");
    }

    public LakehouseTableHandle withConstraints(TupleDomain<LakehouseColumnHandle> newPartitionConstraint, TupleDomain<LakehouseColumnHandle> newDataConstraint)
    {
        return new LakehouseTableHandle(schemaTableName, location, version, versionTimestamp, timeTravel, newPartitionConstraint, newDataConstraint, compactFilesSmallerThan, clusterFiles, onlyFilesAddedAfter);
    }

    public LakehouseTableHandle forCompaction(long fileSizeThreshold)
    {
        return new LakehouseTableHandle(schemaTableName, location, version, versionTimestamp, timeTravel, partitionConstraint, dataConstraint, OptionalLong.of(fileSizeThreshold), clusterFiles, onlyFilesAddedAfter);
    }

    /**
     * True when the scan reads the files an {@code optimize} or {@code cluster} rewrites: its commit removes them.
     */
    public boolean rewritesFiles()
    {
        return compactFilesSmallerThan.isPresent() || clusterFiles.isPresent();
    }

    public LakehouseTableHandle forClustering(ClusteringSpec clustering)
    {
        return new LakehouseTableHandle(schemaTableName, location, version, versionTimestamp, timeTravel, partitionConstraint, dataConstraint, compactFilesSmallerThan, Optional.of(clustering), onlyFilesAddedAfter);
    }

    public LakehouseTableHandle forFilesAddedAfter(long baseVersion)
    {
        return new LakehouseTableHandle(schemaTableName, location, version, versionTimestamp, timeTravel, partitionConstraint, dataConstraint, compactFilesSmallerThan, clusterFiles, OptionalLong.of(baseVersion));
    }

    @Override
    public String toString()
    {
        return schemaTableName + "@v" + version;
    }
}
