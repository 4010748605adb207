package dev.lakehouse.trino.merge;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import dev.lakehouse.transactionlog.deletionvectors.DeletedRows;
import dev.lakehouse.transactionlog.deletionvectors.DeletionVectorReader;
import dev.lakehouse.transactionlog.deletionvectors.DeletionVectorWriter;
import dev.lakehouse.trino.FileRows;
import dev.lakehouse.trino.LakehouseSplit;
import dev.lakehouse.trino.LakehouseTableHandle;
import dev.lakehouse.trino.TransactionLogAccess;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorPageSourceProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.predicate.TupleDomain;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INTERNAL_ERROR;
import static java.util.Objects.requireNonNull;

/**
 * The data files a merge changes, as they are in the version its scan read: opened with every row, every column and
 * the row id of each row (to rewrite them), or given a deletion vector.
 */
public final class MergedFiles
{
    private final ConnectorTransactionHandle transaction;
    private final ConnectorSession session;
    private final LakehouseMergeTableHandle merge;
    private final TransactionLogAccess logAccess;
    private final ConnectorPageSourceProvider pageSourceProvider;
    private final TrinoFileSystem fileSystem;
    private Map<String, AddFileEntry> files;

    public MergedFiles(ConnectorTransactionHandle transaction, ConnectorSession session, LakehouseMergeTableHandle merge, TransactionLogAccess logAccess, ConnectorPageSourceProvider pageSourceProvider, TrinoFileSystem fileSystem)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.transaction = requireNonNull(transaction, "transaction is null");
        this.session = requireNonNull(session, "session is null");
        this.merge = requireNonNull(merge, "merge is null");
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
        this.pageSourceProvider = requireNonNull(pageSourceProvider, "pageSourceProvider is null");
    }

    /**
     * The pages of the file: the table's columns in the writer's order, then the row id.
     */
    ConnectorPageSource open(String path)
    {
        AddFileEntry file = file(path);
        LakehouseTableHandle table = merge.table().withConstraints(TupleDomain.all(), TupleDomain.all());
        List<ColumnHandle> columns = ImmutableList.<ColumnHandle>builder()
                .addAll(merge.write().columns())
                .add(MergeRowId.columnHandle())
                .build();
        return pageSourceProvider.createPageSource(transaction, session, LakehouseSplit.of(file, 0, file.size()), table, columns, DynamicFilter.EMPTY);
    }

    /**
     * The rows of the file deleted before (its deletion vector in the version the scan read) and {@code positions}.
     */
    DeletedRows deletedRows(String path, BitSet positions)
    {
        AddFileEntry file = file(path);
        Location tableLocation = Location.of(merge.table().location());
        DeletedRows before = file.deletionVector()
                .map(vector -> DeletionVectorReader.read(fileSystem, tableLocation, vector))
                .orElse(DeletedRows.NONE);
        return before.with(positions.stream().asLongStream().iterator());
    }

    /**
     * The rows of the file, when its statistics know them (deleted ones included).
     */
    Optional<Long> physicalRows(String path)
    {
        return FileRows.physical(file(path));
    }

    DeletionVectorDescriptor writeDeletionVector(DeletedRows rows)
    {
        return DeletionVectorWriter.write(fileSystem, Location.of(merge.table().location()), rows);
    }

    /**
     * The file's {@code add} in the version the scan read.
     */
    AddFileEntry original(String path)
    {
        return file(path);
    }

    private AddFileEntry file(String path)
    {
        if (files == null) {
            // the version the scan read (the write's read version): loaded once per sink, without listing the log
            LakehouseTableHandle table = merge.table();
            files = RowLevelCommits.filesByPath(logAccess.snapshot(session, table));
        }
        AddFileEntry file = files.get(path);
        if (file == null) {
            throw new TrinoException(LAKEHOUSE_INTERNAL_ERROR, "The merge changed rows of %s, which is not a file of version %s of %s; nothing was committed"
                    .formatted(path, merge.write().readVersion().orElseThrow(), merge.table().schemaTableName()));
        }
        return file;
    }
}
