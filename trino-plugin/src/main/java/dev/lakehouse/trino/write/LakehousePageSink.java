package dev.lakehouse.trino.write;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.PartitionValues;
import io.airlift.slice.Slice;
import io.airlift.units.DataSize;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.Page;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorPageSink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_WRITER_ERROR;
import static io.trino.spi.type.TypeUtils.readNativeValue;
import static java.util.Objects.requireNonNull;

/**
 * Writes the pages of one writer task into data files: one open file per partition, each rolled over when it
 * reaches the target size. {@link #finish()} reports every file as an {@code add} action; nothing is visible
 * until the coordinator commits them.
 */
public final class LakehousePageSink
        implements ConnectorPageSink
{
    // the first rows are held back until they have shown what a row takes in a file
    private static final int PROBE_ROWS = 20_000;
    private static final long PROBE_BYTES = DataSize.of(8, DataSize.Unit.MEGABYTE).toBytes();

    private final TrinoFileSystem fileSystem;
    private final Location tableLocation;
    private final List<LakehouseColumnHandle> columns;
    private final List<Integer> dataChannels;
    private final List<Integer> partitionChannels;
    private final List<LakehouseColumnHandle> dataColumns;
    private final WriteCompression compression;
    // chosen when the first files open: once the writer knows whether its whole write is small
    private DataFileCompression fileCompression;
    private final String filePrefix;
    private final String trinoVersion;

    private final FileSizeCalibration fileSize;
    private final List<PartitionPage> probePages = new ArrayList<>();
    private long probeRows;
    private long probeBytes;

    private final Map<List<Optional<String>>, DataFileWriter> openWriters = new LinkedHashMap<>();
    private final List<AddFileEntry> writtenFiles = new ArrayList<>();
    private final List<DataFileWriter> allWriters = new ArrayList<>();

    /**
     * @param sorted whether the pages come sorted along a clustering curve (files then get more, smaller row groups)
     */
    public LakehousePageSink(TrinoFileSystem fileSystem, Location tableLocation, List<LakehouseColumnHandle> columns, long targetFileSize, boolean sorted, WriteCompression compression, String queryId, String trinoVersion)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.tableLocation = requireNonNull(tableLocation, "tableLocation is null");
        this.columns = ImmutableList.copyOf(columns);
        ImmutableList.Builder<Integer> data = ImmutableList.builder();
        ImmutableList.Builder<Integer> partitions = ImmutableList.builder();
        for (int channel = 0; channel < columns.size(); channel++) {
            (columns.get(channel).partitionKey() ? partitions : data).add(channel);
        }
        this.dataChannels = data.build();
        this.partitionChannels = partitions.build();
        this.dataColumns = dataChannels.stream().map(columns::get).collect(ImmutableList.toImmutableList());
        this.fileSize = new FileSizeCalibration(targetFileSize, sorted ? FileSizeCalibration.SORTED_ROW_GROUPS_PER_FILE : FileSizeCalibration.ROW_GROUPS_PER_FILE);
        this.compression = requireNonNull(compression, "compression is null");
        this.filePrefix = queryId + "-" + UUID.randomUUID();
        this.trinoVersion = requireNonNull(trinoVersion, "trinoVersion is null");
    }

    @Override
    public CompletableFuture<?> appendPage(Page page)
    {
        if (page.getPositionCount() == 0) {
            return NOT_BLOCKED;
        }
        try {
            if (partitionChannels.isEmpty()) {
                writeToPartition(ImmutableList.of(), page.getColumns(dataChannels.stream().mapToInt(Integer::intValue).toArray()));
                return NOT_BLOCKED;
            }
            for (Map.Entry<List<Optional<String>>, int[]> partition : positionsByPartition(page).entrySet()) {
                int[] positions = partition.getValue();
                Page partitionPage = page.getPositions(positions, 0, positions.length);
                writeToPartition(partition.getKey(), partitionPage.getColumns(dataChannels.stream().mapToInt(Integer::intValue).toArray()));
            }
            return NOT_BLOCKED;
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_WRITER_ERROR, "Failed to write data file under " + tableLocation + ": " + e.getMessage(), e);
        }
    }

    private Map<List<Optional<String>>, int[]> positionsByPartition(Page page)
    {
        Map<List<Optional<String>>, List<Integer>> positions = new HashMap<>();
        for (int position = 0; position < page.getPositionCount(); position++) {
            List<Optional<String>> key = new ArrayList<>(partitionChannels.size());
            for (int channel : partitionChannels) {
                LakehouseColumnHandle column = columns.get(channel);
                key.add(PartitionValues.serialize(column.type(), readNativeValue(column.type(), page.getBlock(channel), position)));
            }
            positions.computeIfAbsent(key, _ -> new ArrayList<>()).add(position);
        }
        Map<List<Optional<String>>, int[]> result = new LinkedHashMap<>();
        positions.forEach((key, list) -> result.put(key, list.stream().mapToInt(Integer::intValue).toArray()));
        return result;
    }

    private void writeToPartition(List<Optional<String>> partitionKey, Page dataPage)
            throws IOException
    {
        if (!fileSize.isCalibrated()) {
            probePages.add(new PartitionPage(partitionKey, dataPage));
            probeRows += dataPage.getPositionCount();
            probeBytes += dataPage.getSizeInBytes();
            if (probeRows >= PROBE_ROWS || probeBytes >= PROBE_BYTES) {
                writeProbePages(compression.codec());
            }
            return;
        }
        int offset = 0;
        while (offset < dataPage.getPositionCount()) {
            DataFileWriter writer = openWriters.get(partitionKey);
            if (writer == null) {
                writer = newWriter(partitionKey);
                openWriters.put(partitionKey, writer);
            }
            // a page that would carry a file past the target is split there
            int rows = (int) Math.min(dataPage.getPositionCount() - offset, fileSize.rowsUntilTarget(writer.writtenBytes(), writer.bufferedRows()));
            Page part = rows == dataPage.getPositionCount() ? dataPage : dataPage.getRegion(offset, rows);
            offset += rows;

            long writtenBefore = writer.writtenBytes();
            long bufferedRowsBefore = writer.bufferedRows();
            writer.write(part);
            long written = writer.writtenBytes();
            long bufferedRows = writer.bufferedRows();
            if (written > writtenBefore) {
                fileSize.writtenOut(written - writtenBefore, bufferedRowsBefore + rows - bufferedRows);
            }
            if (fileSize.reachedTarget(written, bufferedRows)) {
                AddFileEntry file = writer.commit();
                writtenFiles.add(file);
                openWriters.remove(partitionKey);
                fileSize.writtenOut(file.size() - written, bufferedRows);
            }
        }
    }

    /**
     * Calibrates file sizes on the rows held back so far, compressed with the codec of every file of this writer,
     * then writes them.
     */
    private void writeProbePages(DataFileCompression fileCompression)
            throws IOException
    {
        this.fileCompression = fileCompression;
        fileSize.calibrate(FileSizeProbe.measure(dataColumns, fileCompression, trinoVersion, probePages.stream().map(PartitionPage::page).toList()));
        List<PartitionPage> pages = ImmutableList.copyOf(probePages);
        probePages.clear();
        probeRows = 0;
        probeBytes = 0;
        for (PartitionPage page : pages) {
            writeToPartition(page.partitionKey(), page.page());
        }
    }

    private record PartitionPage(List<Optional<String>> partitionKey, Page page) {}

    private DataFileWriter newWriter(List<Optional<String>> partitionKey)
            throws IOException
    {
        Map<String, String> partitionValues = new HashMap<>();
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < partitionChannels.size(); i++) {
            String name = columns.get(partitionChannels.get(i)).physicalName();
            Optional<String> value = partitionKey.get(i);
            partitionValues.put(name, value.orElse(null));
            path.append(PartitionValues.pathSegment(name, value)).append('/');
        }
        path.append(filePrefix).append('-').append(allWriters.size()).append(fileCompression.fileSuffix());
        DataFileWriter writer = new DataFileWriter(fileSystem, tableLocation, path.toString(), partitionValues, dataColumns, fileCompression, fileSize.rowGroupSize(), trinoVersion);
        allWriters.add(writer);
        return writer;
    }

    /**
     * Bytes written so far, which lets Trino add writers while they keep up (scaled writers).
     */
    @Override
    public long getCompletedBytes()
    {
        return writtenFiles.stream().mapToLong(AddFileEntry::size).sum()
                + openWriters.values().stream().mapToLong(DataFileWriter::estimatedSize).sum();
    }

    @Override
    public long getMemoryUsage()
    {
        return probeBytes + openWriters.values().stream().mapToLong(DataFileWriter::memoryUsage).sum();
    }

    @Override
    public CompletableFuture<Collection<Slice>> finish()
    {
        try {
            if (!probePages.isEmpty()) {
                // every row is here: the write's size is known
                writeProbePages(compression.forWholeWrite(probeBytes));
            }
            for (DataFileWriter writer : openWriters.values()) {
                writtenFiles.add(writer.commit());
            }
            openWriters.clear();
        }
        catch (IOException e) {
            abort();
            throw new TrinoException(LAKEHOUSE_WRITER_ERROR, "Failed to finish data files under " + tableLocation + ": " + e.getMessage(), e);
        }
        return CompletableFuture.completedFuture(writtenFiles.stream().map(DataFileFragments::toFragment).collect(ImmutableList.toImmutableList()));
    }

    @Override
    public void abort()
    {
        // files were never committed to the log, so deleting them is safe
        allWriters.forEach(DataFileWriter::rollback);
        openWriters.clear();
        probePages.clear();
    }
}
