package dev.lakehouse.transactionlog.clone;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a source table keeps about one shallow clone of it: which table the clone is (its location and its
 * {@code metaData.id}, so that a table later created at the same place is not taken for it), the source version it
 * was made from, and every file outside the clone's own folder that the clone's first version names. A clone can
 * only ever lose references to those files (its later files are its own), so they bound what it may still need.
 *
 * @param files absolute locations of the data and deletion-vector files the clone names in other tables' folders
 */
public record CloneRegistration(String cloneTableId, String cloneLocation, long sourceVersion, long createdTime, List<String> files)
{
    @JsonCreator
    public CloneRegistration(
            @JsonProperty("cloneTableId") String cloneTableId,
            @JsonProperty("cloneLocation") String cloneLocation,
            @JsonProperty("sourceVersion") long sourceVersion,
            @JsonProperty("createdTime") long createdTime,
            @JsonProperty("files") List<String> files)
    {
        this.cloneTableId = requireNonNull(cloneTableId, "cloneTableId is null");
        this.cloneLocation = requireNonNull(cloneLocation, "cloneLocation is null");
        this.sourceVersion = sourceVersion;
        this.createdTime = createdTime;
        this.files = ImmutableList.copyOf(files);
    }

    public CloneRegistration withCloneLocation(String newLocation)
    {
        return new CloneRegistration(cloneTableId, newLocation, sourceVersion, createdTime, files);
    }
}
