package dev.lakehouse.transactionlog.clone;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.deletionvectors.DeletionVectorFiles;
import io.trino.filesystem.Location;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The first version of a shallow clone, as Delta defines one: the source version's protocol, schema, partitioning,
 * configuration and domain metadata under a new table id, and its files named by absolute path, so no data file is
 * copied. Deletion vectors stored beside the source's data ({@code u}, named relative to the table) are the one
 * exception: they are small, and copied to the same relative path in the clone, which keeps their descriptors valid,
 * keeps the clone readable by engines that only read {@code u} vectors, and leaves the clone independent of them.
 *
 * @param actions the clone's first commit, without its commit info
 * @param deletionVectorCopies source location to clone location of each deletion-vector file to copy before committing
 * @param sharedFiles every file the clone names outside its own folder, for the source's {@link CloneRegistration}
 */
public record ShallowClone(List<DeltaAction> actions, Map<Location, Location> deletionVectorCopies, List<String> sharedFiles)
{
    public ShallowClone
    {
        actions = ImmutableList.copyOf(actions);
        deletionVectorCopies = Map.copyOf(deletionVectorCopies);
        sharedFiles = ImmutableList.copyOf(sharedFiles);
    }

    public static ShallowClone of(TableSnapshot source, Location cloneLocation, String cloneTableId, long now)
    {
        ImmutableList.Builder<DeltaAction> actions = ImmutableList.builder();
        MetadataEntry metadata = source.metadata();
        actions.add(source.protocol());
        actions.add(new MetadataEntry(cloneTableId, metadata.name(), metadata.description(), metadata.formatProvider(), metadata.schemaString(),
                metadata.partitionColumns(), metadata.configuration(), Optional.of(now)));
        actions.addAll(source.domainMetadata().values());

        Map<Location, Location> deletionVectorCopies = new LinkedHashMap<>();
        Set<String> sharedFiles = new LinkedHashSet<>();
        for (AddFileEntry file : source.activeFiles()) {
            Location dataFile = source.dataFileLocation(file.path());
            sharedFiles.add(dataFile.toString());
            AddFileEntry cloned = file.withPath(toAbsoluteUri(dataFile)).withDataChange(true);
            if (file.deletionVector().isPresent()) {
                DeletionVectorDescriptor vector = file.deletionVector().get();
                Optional<Location> vectorFile = DeletionVectorFiles.location(source.tableLocation(), vector);
                if (vectorFile.isPresent() && vector.storageType().equals("u")) {
                    deletionVectorCopies.put(vectorFile.get(), DeletionVectorFiles.location(cloneLocation, vector).orElseThrow());
                }
                else {
                    vectorFile.ifPresent(location -> sharedFiles.add(location.toString()));
                }
            }
            actions.add(cloned);
        }
        return new ShallowClone(actions.build(), deletionVectorCopies, ImmutableList.copyOf(sharedFiles));
    }

    /**
     * A location as the log names files: a URI with its path percent-encoded, so that the decoded path is the file's
     * name on storage (partition folders may hold {@code %}, spaces or any other character).
     */
    static String toAbsoluteUri(Location location)
    {
        String authority = location.host().map(host -> host + (location.port().isPresent() ? ":" + location.port().getAsInt() : "")).orElse("");
        String path = "/" + location.path().replaceFirst("^/+", "");
        try {
            return new URI(location.scheme().orElse("file"), authority, path, null, null).toASCIIString();
        }
        catch (URISyntaxException e) {
            throw new IllegalArgumentException("Cannot name data file %s by URI: %s".formatted(location, e.getMessage()), e);
        }
    }
}
