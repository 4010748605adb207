package dev.lakehouse.trino.write;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.ActionJsonCodec;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Page sinks report each file they wrote as the JSON of its {@code add} action, and each file a merge rewrote as a
 * {@code remove} naming only its path; the commit parses them back (and completes the removes from its snapshot).
 */
public final class DataFileFragments
{
    private DataFileFragments() {}

    public static Slice toFragment(AddFileEntry file)
    {
        return Slices.utf8Slice(ActionJsonCodec.serialize(file));
    }

    public static Slice removal(String path)
    {
        return Slices.utf8Slice(ActionJsonCodec.serialize(new RemoveFileEntry(path, Optional.empty(), 0, true, Optional.empty(), Optional.empty())));
    }

    /**
     * A file of the table that a merge gave a deletion vector: an {@code add} naming only its path and the vector; the
     * commit completes it from its snapshot.
     */
    public static Slice deletionVector(String path, DeletionVectorDescriptor vector)
    {
        return Slices.utf8Slice(ActionJsonCodec.serialize(new AddFileEntry(path, Map.of(), 0, 0, true, Optional.empty(), Map.of(), Optional.of(vector))));
    }

    /**
     * The files written, from fragments that hold only {@code add} actions.
     */
    public static List<AddFileEntry> parse(Collection<Slice> fragments)
    {
        return parseActions(fragments).stream().map(AddFileEntry.class::cast).collect(ImmutableList.toImmutableList());
    }

    public static List<DeltaAction> parseActions(Collection<Slice> fragments)
    {
        ImmutableList.Builder<DeltaAction> actions = ImmutableList.builder();
        for (Slice fragment : fragments) {
            actions.add(ActionJsonCodec.parse(fragment.toStringUtf8(), "page sink fragment").orElseThrow());
        }
        return actions.build();
    }
}
