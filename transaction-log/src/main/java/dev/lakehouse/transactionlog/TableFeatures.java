package dev.lakehouse.transactionlog;

import com.google.common.collect.ImmutableSet;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.schema.DeltaSchemaCodec;
import dev.lakehouse.transactionlog.schema.DeltaType;
import dev.lakehouse.transactionlog.schema.StructField;
import io.trino.spi.TrinoException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_UNSUPPORTED_FEATURE;
import static java.lang.String.format;

/**
 * Which protocol versions and table features this implementation reads and writes. Anything else is refused
 * with an error that names it, never silently misread.
 */
public final class TableFeatures
{
    public static final int MAX_READER_VERSION = 3;
    public static final int MAX_WRITER_VERSION = 7;

    public static final String TIMESTAMP_NTZ = "timestampNtz";
    public static final String DOMAIN_METADATA = "domainMetadata";
    public static final String CLUSTERING = "clustering";
    public static final String DELETION_VECTORS = "deletionVectors";
    public static final String COLUMN_MAPPING = "columnMapping";
    /** Reader version 2 has one feature: column mapping. */
    public static final int COLUMN_MAPPING_READER_VERSION = 2;
    /** Writer version 5 adds column mapping to the legacy features of versions 3 and 4. */
    public static final int COLUMN_MAPPING_WRITER_VERSION = 5;

    public static final String V2_CHECKPOINT = "v2Checkpoint";
    /** Columns whose type was widened: files written before keep the narrower type, which readers widen. */
    public static final String TYPE_WIDENING = "typeWidening";
    public static final String TYPE_WIDENING_PREVIEW = "typeWidening-preview";
    /** Writers record the rows each commit changes ({@code cdc} files); a writer-only feature, legacy writer version 4. */
    public static final String CHANGE_DATA_FEED = "changeDataFeed";
    public static final String CHANGE_DATA_FEED_CONFIGURATION = "delta.enableChangeDataFeed";
    private static final int CHANGE_DATA_FEED_WRITER_VERSION = 4;

    // V2 checkpoints are read, but tables that need them are not written (this connector writes classic ones)
    private static final Set<String> READER_FEATURES = ImmutableSet.of(TIMESTAMP_NTZ, "vacuumProtocolCheck", DELETION_VECTORS, COLUMN_MAPPING, V2_CHECKPOINT, TYPE_WIDENING, TYPE_WIDENING_PREVIEW);
    // legacy writer features of protocol (1,2) are implemented: appendOnly is honoured; invariants and check
    // constraints are handed to Trino, which checks every row written; type widening: files are written in the current types, and a type changes only with its delta.typeChanges record
    private static final Set<String> WRITER_FEATURES = ImmutableSet.of(TIMESTAMP_NTZ, "appendOnly", "invariants", "vacuumProtocolCheck", DOMAIN_METADATA, CLUSTERING, DELETION_VECTORS, COLUMN_MAPPING, TYPE_WIDENING, TYPE_WIDENING_PREVIEW, "checkConstraints", CHANGE_DATA_FEED);

    private TableFeatures() {}

    public static void checkCanRead(ProtocolEntry protocol, String table)
    {
        if (protocol.minReaderVersion() > MAX_READER_VERSION) {
            throw new TrinoException(LAKEHOUSE_UNSUPPORTED_FEATURE, format("Table %s requires Delta reader version %s, but this connector reads up to version %s", table, protocol.minReaderVersion(), MAX_READER_VERSION));
        }
        if (protocol.supportsReaderFeatures()) {
            Set<String> unsupported = new TreeSet<>(protocol.readerFeatures().orElse(Set.of()));
            unsupported.removeAll(READER_FEATURES);
            if (!unsupported.isEmpty()) {
                throw new TrinoException(LAKEHOUSE_UNSUPPORTED_FEATURE, format("Table %s uses the Delta reader table features %s, which this connector does not support", table, unsupported));
            }
        }
    }

    /**
     * A writer of a legacy protocol (before writer version 7) must honour every feature of its version, but only a
     * feature the table uses changes what a write must do: versions 3 to 6 are written when the table uses neither
     * generated columns nor identity columns, which this connector does not write yet (check constraints, version 3,
     * change data feed, version 4, and column mapping, version 5, it does).
     */
    public static void checkCanWrite(ProtocolEntry protocol, MetadataEntry metadata, String table)
    {
        checkCanRead(protocol, table);
        if (protocol.minWriterVersion() > MAX_WRITER_VERSION) {
            throw new TrinoException(LAKEHOUSE_UNSUPPORTED_FEATURE, format("Table %s requires Delta writer version %s, but this connector writes up to version %s", table, protocol.minWriterVersion(), MAX_WRITER_VERSION));
        }
        if (protocol.supportsWriterFeatures()) {
            Set<String> unsupported = new TreeSet<>(protocol.writerFeatures().orElse(Set.of()));
            unsupported.removeAll(WRITER_FEATURES);
            if (!unsupported.isEmpty()) {
                throw new TrinoException(LAKEHOUSE_UNSUPPORTED_FEATURE, format("Table %s uses the Delta writer table features %s, which this connector cannot write", table, unsupported));
            }
        }
        else {
            List<String> used = legacyWriterFeaturesInUse(metadata);
            if (!used.isEmpty()) {
                throw new TrinoException(LAKEHOUSE_UNSUPPORTED_FEATURE, format("Table %s uses %s (Delta writer version %s), which this connector cannot write yet", table, String.join(", ", used), protocol.minWriterVersion()));
            }
        }
    }

    /**
     * The protocol with column mapping added: reader version 2 (or the feature listed from version 3 on), writer
     * version 5 (or the feature listed at version 7).
     */
    public static ProtocolEntry withColumnMapping(ProtocolEntry protocol)
    {
        Optional<Set<String>> readerFeatures = protocol.readerFeatures();
        int readerVersion = Math.max(protocol.minReaderVersion(), COLUMN_MAPPING_READER_VERSION);
        if (protocol.supportsReaderFeatures()) {
            readerFeatures = Optional.of(ImmutableSet.<String>builder().addAll(readerFeatures.orElse(Set.of())).add(COLUMN_MAPPING).build());
        }
        if (protocol.supportsWriterFeatures()) {
            Set<String> writerFeatures = ImmutableSet.<String>builder().addAll(protocol.writerFeatures().orElse(Set.of())).add(COLUMN_MAPPING).build();
            return new ProtocolEntry(readerVersion, protocol.minWriterVersion(), readerFeatures, Optional.of(writerFeatures));
        }
        return new ProtocolEntry(readerVersion, Math.max(protocol.minWriterVersion(), COLUMN_MAPPING_WRITER_VERSION), readerFeatures, Optional.empty());
    }

    /**
     * Whether writes must record their changes: {@code delta.enableChangeDataFeed} is true.
     */
    public static boolean changeDataFeedEnabled(MetadataEntry metadata)
    {
        return metadata.configurationValue(CHANGE_DATA_FEED_CONFIGURATION).map(String::strip).filter("true"::equalsIgnoreCase).isPresent();
    }

    /**
     * The protocol with the change data feed: writer version 4, or the feature listed at version 7.
     */
    public static ProtocolEntry withChangeDataFeed(ProtocolEntry protocol)
    {
        if (protocol.supportsWriterFeatures()) {
            Set<String> writerFeatures = ImmutableSet.<String>builder().addAll(protocol.writerFeatures().orElse(Set.of())).add(CHANGE_DATA_FEED).build();
            return new ProtocolEntry(protocol.minReaderVersion(), protocol.minWriterVersion(), protocol.readerFeatures(), Optional.of(writerFeatures));
        }
        return new ProtocolEntry(protocol.minReaderVersion(), Math.max(protocol.minWriterVersion(), CHANGE_DATA_FEED_WRITER_VERSION), protocol.readerFeatures(), Optional.empty());
    }

    /**
     * The protocol with {@code feature}, one that readers and writers must both support: reader version 3 and writer
     * version 7, which list features.
     */
    public static ProtocolEntry withReaderWriterFeature(ProtocolEntry protocol, String feature)
    {
        return merge(protocol, new ProtocolEntry(ProtocolEntry.READER_FEATURES_VERSION, ProtocolEntry.WRITER_FEATURES_VERSION, Optional.of(Set.of(feature)), Optional.of(Set.of(feature))));
    }

    /**
     * A protocol that supports everything both do (the higher versions, the features of both), for a table whose
     * protocol may not go down: {@code CREATE OR REPLACE TABLE}. The features a legacy version implies are named
     * when the result lists features: appendOnly and invariants from writer version 2, columnMapping from reader 2
     * or writer 5 (those of versions 3, 4 and 6 are not in use in a table written here).
     */
    public static ProtocolEntry merge(ProtocolEntry first, ProtocolEntry second)
    {
        boolean readerFeatures = first.supportsReaderFeatures() || second.supportsReaderFeatures();
        boolean writerFeatures = first.supportsWriterFeatures() || second.supportsWriterFeatures();
        int readerVersion = Math.max(first.minReaderVersion(), second.minReaderVersion());
        int writerVersion = Math.max(first.minWriterVersion(), second.minWriterVersion());
        return new ProtocolEntry(
                readerVersion,
                writerVersion,
                readerFeatures ? Optional.of(ImmutableSet.<String>builder().addAll(readerFeatures(first)).addAll(readerFeatures(second)).build()) : Optional.empty(),
                writerFeatures ? Optional.of(ImmutableSet.<String>builder().addAll(writerFeatures(first)).addAll(writerFeatures(second)).build()) : Optional.empty());
    }

    private static Set<String> readerFeatures(ProtocolEntry protocol)
    {
        if (protocol.supportsReaderFeatures()) {
            return protocol.readerFeatures().orElse(Set.of());
        }
        return protocol.minReaderVersion() >= COLUMN_MAPPING_READER_VERSION ? Set.of(COLUMN_MAPPING) : Set.of();
    }

    private static Set<String> writerFeatures(ProtocolEntry protocol)
    {
        if (protocol.supportsWriterFeatures()) {
            return protocol.writerFeatures().orElse(Set.of());
        }
        ImmutableSet.Builder<String> features = ImmutableSet.builder();
        if (protocol.minWriterVersion() >= 2) {
            features.add("appendOnly", "invariants");
        }
        if (protocol.minWriterVersion() >= COLUMN_MAPPING_WRITER_VERSION) {
            features.add(COLUMN_MAPPING);
        }
        return features.build();
    }

    private static List<String> legacyWriterFeaturesInUse(MetadataEntry metadata)
    {
        List<String> used = new ArrayList<>();
        List<StructField> fields = new ArrayList<>();
        collectFields(DeltaSchemaCodec.parse(metadata.schemaString()), fields);
        if (fields.stream().anyMatch(field -> field.metadata().has("delta.generationExpression"))) {
            used.add("generated columns");
        }
        if (fields.stream().anyMatch(field -> field.metadata().has("delta.identity.start") || field.metadata().has("delta.identity.step"))) {
            used.add("identity columns");
        }
        return used;
    }

    private static void collectFields(DeltaType type, List<StructField> fields)
    {
        switch (type) {
            case DeltaType.Struct struct -> struct.fields().forEach(field -> {
                fields.add(field);
                collectFields(field.type(), fields);
            });
            case DeltaType.Array array -> collectFields(array.elementType(), fields);
            case DeltaType.MapType map -> {
                collectFields(map.keyType(), fields);
                collectFields(map.valueType(), fields);
            }
            case DeltaType.Primitive _, DeltaType.Decimal _ -> {}
        }
    }
}
