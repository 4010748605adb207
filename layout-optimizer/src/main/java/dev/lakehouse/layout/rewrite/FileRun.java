package dev.lakehouse.layout.rewrite;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.parquet.ParquetFileDataSource;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.memory.context.AggregatedMemoryContext;
import io.trino.parquet.Column;
import io.trino.parquet.ParquetDataSource;
import io.trino.parquet.ParquetReaderOptions;
import io.trino.parquet.metadata.BlockMetadata;
import io.trino.parquet.metadata.ParquetMetadata;
import io.trino.parquet.reader.MetadataReader;
import io.trino.parquet.reader.ParquetReader;
import io.trino.parquet.reader.RowGroupInfo;
import io.trino.spi.PageBuilder;
import io.trino.spi.block.Block;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.type.Type;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.schema.MessageType;
import org.joda.time.DateTimeZone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkState;
import static io.trino.memory.context.AggregatedMemoryContext.newSimpleAggregatedMemoryContext;
import static io.trino.parquet.ParquetTypeUtils.constructField;
import static io.trino.parquet.ParquetTypeUtils.getColumnIO;
import static io.trino.parquet.ParquetTypeUtils.getDescriptors;
import static io.trino.parquet.ParquetTypeUtils.lookupColumnByName;
import static io.trino.parquet.metadata.PrunedBlockMetadata.createPrunedColumnsMetadata;
import static io.trino.spi.type.BigintType.BIGINT;
import static java.util.Objects.requireNonNull;

/**
 * A run file read sequentially with trino-parquet's reader: one page (and the reader's buffers for the
 * current row group) in memory at a time, whatever the size of the run.
 */
final class FileRun
        implements SortedRun
{
    private static final ParquetReaderOptions READER_OPTIONS = ParquetReaderOptions.defaultOptions();

    private final Location location;
    private final List<Type> types;
    private final ParquetReader reader;
    private final int keyHighChannel;
    private final int keyLowChannel;
    private Block[] blocks;
    private int positionCount;
    private int position;
    private long high;
    private long low;

    private FileRun(Location location, List<Type> types, ParquetReader reader)
    {
        this.location = requireNonNull(location, "location is null");
        this.types = ImmutableList.copyOf(types);
        this.reader = requireNonNull(reader, "reader is null");
        this.keyHighChannel = types.size();
        this.keyLowChannel = types.size() + 1;
    }

    static FileRun open(TrinoFileSystem fileSystem, Location location, long fileSize, List<Type> types, RunFileFormat format)
    {
        ParquetDataSource dataSource = null;
        try {
            dataSource = new ParquetFileDataSource(fileSystem.newInputFile(location, fileSize), fileSize, READER_OPTIONS);
            ParquetMetadata metadata = MetadataReader.readFooter(dataSource, Optional.empty());
            MessageType fileSchema = metadata.getFileMetaData().getSchema();
            MessageColumnIO columnIO = getColumnIO(fileSchema, fileSchema);
            Map<List<String>, ColumnDescriptor> descriptors = getDescriptors(fileSchema, fileSchema);

            ImmutableList.Builder<Column> columns = ImmutableList.builder();
            for (int channel = 0; channel < format.names().size(); channel++) {
                String name = format.names().get(channel);
                Type fileType = format.fileTypes().get(channel);
                columns.add(new Column(name, constructField(fileType, lookupColumnByName(columnIO, name))
                        .orElseThrow(() -> new IllegalStateException("Sort run file %s has no column %s".formatted(location, name)))));
            }
            ImmutableList.Builder<RowGroupInfo> rowGroups = ImmutableList.builder();
            long rowOffset = 0;
            for (BlockMetadata block : metadata.getBlocks()) {
                rowGroups.add(new RowGroupInfo(createPrunedColumnsMetadata(block, dataSource.getId(), descriptors), rowOffset, Optional.empty()));
                rowOffset += block.rowCount();
            }
            AggregatedMemoryContext memoryContext = newSimpleAggregatedMemoryContext();
            ParquetReader reader = new ParquetReader(
                    Optional.ofNullable(metadata.getFileMetaData().getCreatedBy()),
                    columns.build(),
                    false,
                    rowGroups.build(),
                    dataSource,
                    DateTimeZone.UTC,
                    memoryContext,
                    READER_OPTIONS,
                    exception -> failure(location, exception),
                    Optional.empty(),
                    Optional.empty());
            return new FileRun(location, types, reader);
        }
        catch (IOException | RuntimeException e) {
            if (dataSource != null) {
                try {
                    dataSource.close();
                }
                catch (IOException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            throw failure(location, e);
        }
    }

    @Override
    public boolean advance()
    {
        position++;
        while (blocks == null || position >= positionCount) {
            if (!nextPage()) {
                return false;
            }
        }
        high = BIGINT.getLong(blocks[keyHighChannel], position);
        low = BIGINT.getLong(blocks[keyLowChannel], position);
        return true;
    }

    private boolean nextPage()
    {
        SourcePage page;
        try {
            page = reader.nextPage();
        }
        catch (IOException e) {
            throw failure(location, e);
        }
        if (page == null) {
            blocks = null;
            positionCount = 0;
            position = 0;
            return false;
        }
        blocks = new Block[page.getChannelCount()];
        for (int channel = 0; channel < blocks.length; channel++) {
            blocks[channel] = page.getBlock(channel);
        }
        positionCount = page.getPositionCount();
        position = 0;
        return true;
    }

    @Override
    public long high()
    {
        return high;
    }

    @Override
    public long low()
    {
        return low;
    }

    @Override
    public void appendRow(PageBuilder builder)
    {
        checkState(blocks != null, "no current row");
        for (int channel = 0; channel < types.size(); channel++) {
            types.get(channel).appendTo(blocks[channel], position, builder.getBlockBuilder(channel));
        }
    }

    @Override
    public long retainedBytes()
    {
        long bytes = reader.getMemoryContext().getBytes();
        if (blocks != null) {
            for (Block block : blocks) {
                bytes += block.getRetainedSizeInBytes();
            }
        }
        return bytes;
    }

    @Override
    public void close()
    {
        blocks = null;
        try {
            reader.close();
        }
        catch (IOException e) {
            throw failure(location, e);
        }
    }

    private static RuntimeException failure(Location location, Exception exception)
    {
        if (exception instanceof UncheckedIOException unchecked) {
            return unchecked;
        }
        if (exception instanceof IOException io) {
            return new UncheckedIOException("Failed to read sort run file %s: %s".formatted(location, exception.getMessage()), io);
        }
        return new IllegalStateException("Failed to read sort run file %s: %s".formatted(location, exception.getMessage()), exception);
    }
}
