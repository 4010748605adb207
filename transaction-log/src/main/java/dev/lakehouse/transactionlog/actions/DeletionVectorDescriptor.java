package dev.lakehouse.transactionlog.actions;

import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * A deletion vector descriptor as it appears in {@code add} and {@code remove} actions.
 */
public record DeletionVectorDescriptor(String storageType, String pathOrInlineDv, OptionalInt offset, int sizeInBytes, long cardinality)
{
    public DeletionVectorDescriptor
    {
        requireNonNull(storageType, "storageType is null");
        requireNonNull(pathOrInlineDv, "pathOrInlineDv is null");
        requireNonNull(offset, "offset is null");
    }

    public String uniqueId()
    {
        String id = storageType + pathOrInlineDv;
        return offset.isPresent() ? id + "@" + offset.getAsInt() : id;
    }

    public Optional<Integer> offsetValue()
    {
        return offset.isPresent() ? Optional.of(offset.getAsInt()) : Optional.empty();
    }
}
