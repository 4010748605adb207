package dev.lakehouse.trino.metadatatables;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.InMemoryRecordSet;
import io.trino.spi.connector.RecordCursor;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.predicate.TupleDomain;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code SELECT * FROM "t$properties"}: the table's configuration as the log holds it (the {@code delta.*} keys other
 * engines read, maintenance policies included), then its protocol: {@code delta.minReaderVersion},
 * {@code delta.minWriterVersion} and {@code delta.feature.<name> = supported} for each table feature, as Trino's
 * Delta Lake connector lists them.
 */
final class PropertiesTable
        extends MetadataTable
{
    private static final List<ColumnMetadata> COLUMNS = ImmutableList.of(
            new ColumnMetadata("key", VARCHAR),
            new ColumnMetadata("value", VARCHAR));

    private final TableSnapshot snapshot;

    PropertiesTable(SchemaTableName name, TableSnapshot snapshot)
    {
        super(name, COLUMNS);
        this.snapshot = requireNonNull(snapshot, "snapshot is null");
    }

    @Override
    public RecordCursor cursor(ConnectorTransactionHandle transactionHandle, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        InMemoryRecordSet.Builder rows = InMemoryRecordSet.builder(columns());
        snapshot.metadata().configuration().forEach(rows::addRow);
        ProtocolEntry protocol = snapshot.protocol();
        rows.addRow("delta.minReaderVersion", String.valueOf(protocol.minReaderVersion()));
        rows.addRow("delta.minWriterVersion", String.valueOf(protocol.minWriterVersion()));
        Set<String> features = new TreeSet<>(protocol.readerFeatures().orElse(Set.of()));
        features.addAll(protocol.writerFeatures().orElse(Set.of()));
        features.forEach(feature -> rows.addRow("delta.feature." + feature, "supported"));
        return rows.build().cursor();
    }
}
