package dev.lakehouse.trino.write;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.ActionJsonCodec;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;

import java.util.Collection;
import java.util.List;

/**
 * Page sinks report each file they wrote as the JSON of its {@code add} action; the commit parses them back.
 */
public final class DataFileFragments
{
    private DataFileFragments() {}

    public static Slice toFragment(AddFileEntry file)
    {
        return Slices.utf8Slice(ActionJsonCodec.serialize(file));
    }

    public static List<AddFileEntry> parse(Collection<Slice> fragments)
    {
        ImmutableList.Builder<AddFileEntry> files = ImmutableList.builder();
        for (Slice fragment : fragments) {
            DeltaAction action = ActionJsonCodec.parse(fragment.toStringUtf8(), "page sink fragment").orElseThrow();
            files.add((AddFileEntry) action);
        }
        return files.build();
    }
}
