package dev.lakehouse.transactionlog;

import com.google.common.collect.ImmutableSet;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import io.trino.spi.TrinoException;

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

    // deletion vectors are applied on read; writers here rewrite files instead of writing vectors, which the protocol allows
    private static final Set<String> READER_FEATURES = ImmutableSet.of(TIMESTAMP_NTZ, "vacuumProtocolCheck", DELETION_VECTORS);
    // legacy writer features of protocol (1,2) are implemented: appendOnly is honoured, invariants are never written
    private static final Set<String> WRITER_FEATURES = ImmutableSet.of(TIMESTAMP_NTZ, "appendOnly", "invariants", "vacuumProtocolCheck", DOMAIN_METADATA, CLUSTERING, DELETION_VECTORS);

    private TableFeatures() {}

    public static void checkCanRead(ProtocolEntry protocol, String table)
    {
        if (protocol.minReaderVersion() > MAX_READER_VERSION) {
            throw new TrinoException(LAKEHOUSE_UNSUPPORTED_FEATURE, format("Table %s requires Delta reader version %s, but this connector reads up to version %s", table, protocol.minReaderVersion(), MAX_READER_VERSION));
        }
        if (protocol.minReaderVersion() == 2) {
            throw new TrinoException(LAKEHOUSE_UNSUPPORTED_FEATURE, format("Table %s requires Delta reader version 2 (column mapping), which this connector does not read yet", table));
        }
        if (protocol.supportsReaderFeatures()) {
            Set<String> unsupported = new TreeSet<>(protocol.readerFeatures().orElse(Set.of()));
            unsupported.removeAll(READER_FEATURES);
            if (!unsupported.isEmpty()) {
                throw new TrinoException(LAKEHOUSE_UNSUPPORTED_FEATURE, format("Table %s uses the Delta reader table features %s, which this connector does not support", table, unsupported));
            }
        }
    }

    public static void checkCanWrite(ProtocolEntry protocol, String table)
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
        else if (protocol.minWriterVersion() > 2) {
            throw new TrinoException(LAKEHOUSE_UNSUPPORTED_FEATURE, format("Table %s requires Delta writer version %s (check constraints, change data feed, generated or identity columns), which this connector cannot write yet", table, protocol.minWriterVersion()));
        }
    }
}
