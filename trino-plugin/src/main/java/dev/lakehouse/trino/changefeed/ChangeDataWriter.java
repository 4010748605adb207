package dev.lakehouse.trino.changefeed;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CdcFileEntry;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.write.DataFileFragments;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.RunLengthEncodedBlock;
import io.trino.spi.connector.ConnectorPageSink;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import static dev.lakehouse.transactionlog.actions.ActionJsonCodec.serialize;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * Writes the change data of a row-level change: its rows with their {@code _change_type}, as Parquet files under the
 * table's {@code _change_data/} folder (partitioned as the table is), reported as {@code cdc} actions.
 */
public final class ChangeDataWriter
{
    public static final String FOLDER = "_change_data";
    public static final String CHANGE_TYPE_COLUMN = "_change_type";

    private final ConnectorPageSink files;

    /**
     * @param fileWriter makes a writer of data files under a folder, for the given columns
     */
    public ChangeDataWriter(List<LakehouseColumnHandle> tableColumns, Function<List<LakehouseColumnHandle>, ConnectorPageSink> fileWriter)
    {
        List<LakehouseColumnHandle> columns = ImmutableList.<LakehouseColumnHandle>builder()
                .addAll(tableColumns)
                .add(changeTypeColumn())
                .build();
        this.files = requireNonNull(fileWriter, "fileWriter is null").apply(columns);
    }

    public static LakehouseColumnHandle changeTypeColumn()
    {
        return new LakehouseColumnHandle(CHANGE_TYPE_COLUMN, CHANGE_TYPE_COLUMN, VARCHAR, false);
    }

    /**
     * @param rows rows in the table's columns, in the writer's order
     */
    public void write(Page rows, ChangeType type)
    {
        if (rows.getPositionCount() == 0) {
            return;
        }
        Block changeType = RunLengthEncodedBlock.create(VARCHAR, Slices.utf8Slice(type.deltaName()), rows.getPositionCount());
        files.appendPage(rows.appendColumn(changeType));
    }

    /**
     * The {@code cdc} actions of the files written, as fragments of the commit.
     */
    public List<Slice> finish()
    {
        Collection<Slice> written = files.finish().join();
        return DataFileFragments.parse(written).stream()
                .map(ChangeDataWriter::toCdc)
                .map(cdc -> Slices.utf8Slice(serialize(cdc)))
                .toList();
    }

    public void abort()
    {
        files.abort();
    }

    private static CdcFileEntry toCdc(AddFileEntry file)
    {
        return new CdcFileEntry(FOLDER + "/" + file.path(), file.partitionValues(), file.size());
    }
}
