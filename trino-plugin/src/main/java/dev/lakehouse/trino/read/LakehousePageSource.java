package dev.lakehouse.trino.read;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.deletionvectors.DeletedRows;
import dev.lakehouse.trino.merge.MergeRowId;
import io.airlift.slice.Slice;
import io.trino.parquet.reader.ParquetReader;
import io.trino.plugin.base.metrics.LongCount;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.RunLengthEncodedBlock;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.metrics.Metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.ObjLongConsumer;

import static java.util.Objects.requireNonNull;

/**
 * Pages of one split: columns read from the Parquet file, plus constant columns (partition values, and
 * columns the file does not have) filled in as run-length blocks.
 */
public final class LakehousePageSource
        implements ConnectorPageSource
{
    /**
     * One output column: a channel of the Parquet reader, a constant single-value block, or the merge row id of
     * each row (the file's path and the row's position in it).
     */
    public record OutputColumn(OptionalInt readerChannel, Optional<WidenedTypes.Widening> widening, Block constantValue, Slice rowIdFilePath)
    {
        public static OutputColumn fromReader(int channel)
        {
            return new OutputColumn(OptionalInt.of(channel), Optional.empty(), null, null);
        }

        /**
         * A channel of the Parquet reader read in the file's narrower type, widened to the table's.
         */
        static OutputColumn fromReader(int channel, WidenedTypes.Widening widening)
        {
            return new OutputColumn(OptionalInt.of(channel), Optional.of(widening), null, null);
        }

        public static OutputColumn constant(Block value)
        {
            return new OutputColumn(OptionalInt.empty(), Optional.empty(), requireNonNull(value, "value is null"), null);
        }

        public static OutputColumn rowId(Slice filePath)
        {
            return new OutputColumn(OptionalInt.empty(), Optional.empty(), null, requireNonNull(filePath, "filePath is null"));
        }
    }

    /**
     * The connector metric {@value #FILES_READ}: the data files (or parts of one) a scan opened, which is no longer
     * the number of its splits once small files share splits.
     */
    public static final String FILES_READ = "filesRead";
    private static final Metrics FILE_OPENED = new Metrics(ImmutableMap.of(FILES_READ, new LongCount(1)));

    private final ParquetReader reader;
    private final List<OutputColumn> columns;
    private final DeletedRows deletedRows;
    private long completedPositions;
    private boolean closed;

    public LakehousePageSource(ParquetReader reader, List<OutputColumn> columns, DeletedRows deletedRows)
    {
        this.reader = requireNonNull(reader, "reader is null");
        this.columns = ImmutableList.copyOf(columns);
        this.deletedRows = requireNonNull(deletedRows, "deletedRows is null");
    }

    @Override
    public SourcePage getNextSourcePage()
    {
        while (!closed) {
            SourcePage page;
            try {
                page = reader.nextPage();
            }
            catch (IOException e) {
                close();
                throw new UncheckedIOException(e);
            }
            if (page == null) {
                close();
                return null;
            }
            completedPositions += page.getPositionCount();
            ProjectedSourcePage projected = new ProjectedSourcePage(page, reader.lastBatchStartRow());
            if (deletedRows.isEmpty() || projected.dropDeletedRows(deletedRows)) {
                return projected;
            }
            // every row of the batch is deleted
        }
        return null;
    }

    /**
     * Keeps the reader's lazy loading: a column is decoded only when the engine asks for its block, so rows
     * filtered out by one column never cost a read of the others.
     */
    private final class ProjectedSourcePage
            implements SourcePage
    {
        private final SourcePage source;
        private final long firstRow;
        // the positions of the batch that selectPositions kept, for the row ids; null while all are kept
        private int[] selected;

        ProjectedSourcePage(SourcePage source, long firstRow)
        {
            this.source = source;
            this.firstRow = firstRow;
        }

        /**
         * Keeps the rows the deletion vector does not delete; false when none is left.
         */
        boolean dropDeletedRows(DeletedRows deleted)
        {
            int count = source.getPositionCount();
            int[] kept = new int[count];
            int keptCount = 0;
            for (int position = 0; position < count; position++) {
                if (!deleted.contains(firstRow + position)) {
                    kept[keptCount++] = position;
                }
            }
            if (keptCount < count && keptCount > 0) {
                selectPositions(kept, 0, keptCount);
            }
            return keptCount > 0;
        }

        @Override
        public int getPositionCount()
        {
            return source.getPositionCount();
        }

        @Override
        public long getSizeInBytes()
        {
            return source.getSizeInBytes();
        }

        @Override
        public long getRetainedSizeInBytes()
        {
            return source.getRetainedSizeInBytes();
        }

        @Override
        public void retainedBytesForEachPart(ObjLongConsumer<Object> consumer)
        {
            source.retainedBytesForEachPart(consumer);
        }

        @Override
        public int getChannelCount()
        {
            return columns.size();
        }

        @Override
        public Block getBlock(int channel)
        {
            OutputColumn column = columns.get(channel);
            if (column.readerChannel().isPresent()) {
                Block block = source.getBlock(column.readerChannel().getAsInt());
                return column.widening().map(widening -> widening.widen(block)).orElse(block);
            }
            if (column.rowIdFilePath() != null) {
                return MergeRowId.block(column.rowIdFilePath(), firstRow, selected, source.getPositionCount());
            }
            return RunLengthEncodedBlock.create(column.constantValue(), source.getPositionCount());
        }

        @Override
        public Page getPage()
        {
            Block[] blocks = new Block[columns.size()];
            for (int channel = 0; channel < blocks.length; channel++) {
                blocks[channel] = getBlock(channel);
            }
            return new Page(getPositionCount(), blocks);
        }

        @Override
        public void selectPositions(int[] positions, int offset, int size)
        {
            int[] kept = new int[size];
            for (int index = 0; index < size; index++) {
                int position = positions[offset + index];
                kept[index] = selected == null ? position : selected[position];
            }
            selected = kept;
            source.selectPositions(positions, offset, size);
        }
    }

    @Override
    public long getCompletedBytes()
    {
        return reader.getDataSource().getReadBytes();
    }

    @Override
    public OptionalLong getCompletedPositions()
    {
        return OptionalLong.of(completedPositions);
    }

    @Override
    public long getReadTimeNanos()
    {
        return reader.getDataSource().getReadTimeNanos();
    }

    @Override
    public boolean isFinished()
    {
        return closed;
    }

    @Override
    public long getMemoryUsage()
    {
        return reader.getMemoryContext().getBytes();
    }

    @Override
    public Metrics getMetrics()
    {
        return reader.getMetrics().mergeWith(FILE_OPENED);
    }

    @Override
    public void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        try {
            reader.close();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
