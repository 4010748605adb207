package dev.lakehouse.trino.merge;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.trino.write.DataFileFragments;
import io.airlift.slice.Slice;
import io.trino.spi.Page;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.connector.ConnectorMergeSink;
import io.trino.spi.connector.ConnectorPageSink;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.SourcePage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INTERNAL_ERROR;
import static io.trino.spi.type.TinyintType.TINYINT;
import static java.util.Objects.requireNonNull;

/**
 * The writer of a DELETE, UPDATE or MERGE (copy on write): inserted rows, and the new rows of updates, go to new data
 * files; each data file that lost rows is rewritten once, at the end, without them, and reported removed. Rows of
 * one file all reach the same sink ({@link MergeRowIdPartitioning}).
 */
public final class LakehouseMergeSink
        implements ConnectorMergeSink
{
    private final ConnectorPageSink writer;
    private final MergedFiles files;
    private final int[] dataChannels;
    // positions of deleted rows, by data file
    private final Map<String, BitSet> deletedRows = new LinkedHashMap<>();

    public LakehouseMergeSink(ConnectorPageSink writer, MergedFiles files, int dataColumnCount)
    {
        this.writer = requireNonNull(writer, "writer is null");
        this.files = requireNonNull(files, "files is null");
        this.dataChannels = IntStream.range(0, dataColumnCount).toArray();
    }

    @Override
    public void storeMergedRows(Page page)
    {
        // the data columns, the operation, (Trino 476: the number of the MERGE case,) and last the row id
        Block operations = page.getBlock(dataChannels.length);
        MergeRowId.Fields rowIds = MergeRowId.fields(page.getBlock(page.getChannelCount() - 1));
        int[] inserted = new int[page.getPositionCount()];
        int insertedCount = 0;
        for (int position = 0; position < page.getPositionCount(); position++) {
            int operation = TINYINT.getByte(operations, position);
            switch (operation) {
                case INSERT_OPERATION_NUMBER, UPDATE_INSERT_OPERATION_NUMBER -> inserted[insertedCount++] = position;
                case DELETE_OPERATION_NUMBER, UPDATE_DELETE_OPERATION_NUMBER -> {
                    deletedRows.computeIfAbsent(rowIds.filePath(position), _ -> new BitSet()).set(Math.toIntExact(rowIds.rowPosition(position)));
                }
                default -> throw new TrinoException(LAKEHOUSE_INTERNAL_ERROR, "Unexpected merge operation " + operation);
            }
        }
        if (insertedCount > 0) {
            writer.appendPage(page.getColumns(dataChannels).getPositions(inserted, 0, insertedCount));
        }
    }

    @Override
    public CompletableFuture<Collection<Slice>> finish()
    {
        ImmutableList.Builder<Slice> fragments = ImmutableList.builder();
        deletedRows.forEach((path, deleted) -> {
            rewriteWithout(path, deleted);
            fragments.add(DataFileFragments.removal(path));
        });
        fragments.addAll(writer.finish().join());
        return CompletableFuture.completedFuture(fragments.build());
    }

    /**
     * Copies the rows of the file that are not deleted to the writer, in their order.
     */
    private void rewriteWithout(String path, BitSet deleted)
    {
        long rowsRead = 0;
        long rowsKept = 0;
        try (ConnectorPageSource source = files.open(path)) {
            while (!source.isFinished()) {
                SourcePage sourcePage = source.getNextSourcePage();
                if (sourcePage == null) {
                    continue;
                }
                Page page = sourcePage.getPage();
                MergeRowId.Fields rowIds = MergeRowId.fields(page.getBlock(dataChannels.length));
                int[] kept = new int[page.getPositionCount()];
                int keptCount = 0;
                for (int position = 0; position < page.getPositionCount(); position++) {
                    if (!deleted.get(Math.toIntExact(rowIds.rowPosition(position)))) {
                        kept[keptCount++] = position;
                    }
                }
                rowsRead += page.getPositionCount();
                rowsKept += keptCount;
                if (keptCount > 0) {
                    writer.appendPage(page.getColumns(dataChannels).getPositions(kept, 0, keptCount));
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // every deleted position must be a row of the file: anything else means the file is not the one the scan read
        if (rowsRead - rowsKept != deleted.cardinality()) {
            throw new TrinoException(LAKEHOUSE_INTERNAL_ERROR, "Data file %s has %s rows, of which %s were to be deleted, but %s matched; nothing was committed"
                    .formatted(path, rowsRead, deleted.cardinality(), rowsRead - rowsKept));
        }
    }

    @Override
    public void abort()
    {
        writer.abort();
    }
}
