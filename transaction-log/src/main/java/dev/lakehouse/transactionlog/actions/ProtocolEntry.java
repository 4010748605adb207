package dev.lakehouse.transactionlog.actions;

import com.google.common.collect.ImmutableSet;

import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The {@code protocol} action. Table features are listed only from reader version 3 / writer version 7 on.
 */
public record ProtocolEntry(int minReaderVersion, int minWriterVersion, Optional<Set<String>> readerFeatures, Optional<Set<String>> writerFeatures)
        implements DeltaAction
{
    public static final int READER_FEATURES_VERSION = 3;
    public static final int WRITER_FEATURES_VERSION = 7;

    public ProtocolEntry
    {
        readerFeatures = requireNonNull(readerFeatures, "readerFeatures is null").map(ImmutableSet::copyOf);
        writerFeatures = requireNonNull(writerFeatures, "writerFeatures is null").map(ImmutableSet::copyOf);
    }

    public static ProtocolEntry legacy(int minReaderVersion, int minWriterVersion)
    {
        return new ProtocolEntry(minReaderVersion, minWriterVersion, Optional.empty(), Optional.empty());
    }

    public boolean supportsReaderFeatures()
    {
        return minReaderVersion >= READER_FEATURES_VERSION;
    }

    public boolean supportsWriterFeatures()
    {
        return minWriterVersion >= WRITER_FEATURES_VERSION;
    }
}
