package dev.lakehouse.trino.changefeed;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.changefeed.ChangeFile;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.LakehouseTableHandle;
import dev.lakehouse.trino.LakehouseTransactionHandle;
import io.airlift.slice.Slices;
import io.trino.spi.Page;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.block.RunLengthEncodedBlock;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorPageSourceProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplit;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;
import io.trino.spi.function.table.TableFunctionProcessorProvider;
import io.trino.spi.function.table.TableFunctionProcessorState;
import io.trino.spi.function.table.TableFunctionSplitProcessor;
import io.trino.spi.predicate.TupleDomain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static io.trino.spi.function.table.TableFunctionProcessorState.Finished.FINISHED;
import static io.trino.spi.function.table.TableFunctionProcessorState.Processed.produced;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * Produces the rows of {@code table_changes}, a file at a time: the file's rows read as a table scan reads them
 * (deletion vectors applied), with their change type and their commit's version and time.
 */
public final class TableChangesProcessorProvider
        implements TableFunctionProcessorProvider
{
    private final ConnectorPageSourceProvider pageSourceProvider;

    public TableChangesProcessorProvider(ConnectorPageSourceProvider pageSourceProvider)
    {
        this.pageSourceProvider = requireNonNull(pageSourceProvider, "pageSourceProvider is null");
    }

    @Override
    public TableFunctionSplitProcessor getSplitProcessor(ConnectorSession session, ConnectorTableFunctionHandle functionHandle, ConnectorSplit connectorSplit)
    {
        TableChangesHandle handle = (TableChangesHandle) functionHandle;
        TableChangesSplit split = (TableChangesSplit) connectorSplit;
        boolean changeData = split.kind() == ChangeFile.Kind.CHANGE_DATA;
        List<ColumnHandle> columns = ImmutableList.<ColumnHandle>builder()
                .addAll(handle.columns())
                .addAll(changeData ? List.of(ChangeDataWriter.changeTypeColumn()) : List.<LakehouseColumnHandle>of())
                .build();
        LakehouseTableHandle table = new LakehouseTableHandle(handle.table(), handle.location(), handle.untilVersion(), 0, true,
                TupleDomain.all(), TupleDomain.all(), OptionalLong.empty(), Optional.empty(), OptionalLong.empty());
        return new TableFunctionSplitProcessor()
        {
            private ConnectorPageSource source;

            @Override
            public TableFunctionProcessorState process()
            {
                if (source == null) {
                    source = pageSourceProvider.createPageSource(new LakehouseTransactionHandle(UUID.randomUUID()), session, split.file(), table, columns, DynamicFilter.EMPTY);
                }
                while (!source.isFinished()) {
                    SourcePage page = source.getNextSourcePage();
                    if (page != null && page.getPositionCount() > 0) {
                        return produced(withChangeColumns(page.getPage(), split, changeData));
                    }
                }
                close();
                return FINISHED;
            }

            private void close()
            {
                try {
                    source.close();
                }
                catch (IOException e) {
                    throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to close change file " + split.file().path(), new UncheckedIOException(e));
                }
            }
        };
    }

    private static Page withChangeColumns(Page rows, TableChangesSplit split, boolean changeData)
    {
        int positions = rows.getPositionCount();
        Page withType = changeData ? rows : rows.appendColumn(RunLengthEncodedBlock.create(VARCHAR, Slices.utf8Slice(changeType(split.kind()).deltaName()), positions));
        Block version = RunLengthEncodedBlock.create(BIGINT, split.commitVersion(), positions);
        Block timestamp = RunLengthEncodedBlock.create(TIMESTAMP_TZ_MILLIS, packDateTimeWithZone(split.commitTimestamp(), UTC_KEY), positions);
        return withType.appendColumn(version).appendColumn(timestamp);
    }

    private static ChangeType changeType(ChangeFile.Kind kind)
    {
        return switch (kind) {
            case INSERTED -> ChangeType.INSERT;
            case DELETED -> ChangeType.DELETE;
            case CHANGE_DATA -> throw new IllegalArgumentException("change data files name their change types");
        };
    }
}
