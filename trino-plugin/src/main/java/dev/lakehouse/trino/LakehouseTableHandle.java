package dev.lakehouse.trino;

import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.predicate.TupleDomain;

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
        requireNonNull(onlyFilesAddedAfter, "onlyFilesAddedAfter is null");
    }

    public LakehouseTableHandle withConstraints(TupleDomain<LakehouseColumnHandle> newPartitionConstraint, TupleDomain<LakehouseColumnHandle> newDataConstraint)
    {
        return new LakehouseTableHandle(schemaTableName, location, version, versionTimestamp, timeTravel, newPartitionConstraint, newDataConstraint, compactFilesSmallerThan, onlyFilesAddedAfter);
    }

    public LakehouseTableHandle forCompaction(long fileSizeThreshold)
    {
        return new LakehouseTableHandle(schemaTableName, location, version, versionTimestamp, timeTravel, partitionConstraint, dataConstraint, OptionalLong.of(fileSizeThreshold), onlyFilesAddedAfter);
    }

    public LakehouseTableHandle forFilesAddedAfter(long baseVersion)
    {
        return new LakehouseTableHandle(schemaTableName, location, version, versionTimestamp, timeTravel, partitionConstraint, dataConstraint, compactFilesSmallerThan, OptionalLong.of(baseVersion));
    }

    @Override
    public String toString()
    {
        return schemaTableName + "@v" + version;
    }
}
