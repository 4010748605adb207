package dev.lakehouse.layout.rewrite;

import com.google.common.collect.ImmutableList;
import io.airlift.units.DataSize;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.memory.context.AggregatedMemoryContext;
import io.trino.parquet.writer.ParquetWriter;
import io.trino.spi.Page;
import io.trino.spi.PageBuilder;
import io.trino.spi.type.Type;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.Consumer;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static io.airlift.slice.SizeOf.instanceSize;
import static io.airlift.slice.SizeOf.sizeOf;
import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static io.trino.memory.context.AggregatedMemoryContext.newSimpleAggregatedMemoryContext;
import static io.trino.spi.type.BigintType.BIGINT;
import static java.lang.Math.clamp;
import static java.util.Objects.requireNonNull;

/**
 * Sorts the rows of one clustering rewrite by their space-filling-curve key in bounded memory.
 *
 * <p>Why an external sort: a page sink of {@code ALTER TABLE ... EXECUTE cluster} receives every row of a
 * partition before it may write the first one, and a partition can be far larger than the memory a task may
 * use. Pages and their keys are buffered until their retained size exceeds the memory limit; the buffer is
 * then sorted (an array of packed (page, position) references moved together with the keys; no row is
 * copied) and written as one sorted run, a Parquet file in the spill directory with the key as two extra
 * BIGINT columns. {@link #finish} sorts in memory when nothing was spilled; otherwise it merges the runs and
 * the rest of the buffer with a priority queue, reading each run file sequentially, one page at a time.
 *
 * <p>Keys compare as unsigned 128-bit numbers {@code (high, low)}, as {@code CurveIndex} does. Rows with equal
 * keys come out in no particular order. Not thread safe: a page sink is driven by one thread at a time.
 */
public final class ExternalPageSorter
        implements Closeable
{
    // output pages hold at most this many rows, and are cut at about 1 MB by PageBuilder
    static final int MAX_PAGE_POSITIONS = 8192;
    private static final long INSTANCE_SIZE = instanceSize(ExternalPageSorter.class);

    private final List<Type> types;
    private final long memoryLimitBytes;
    private final TrinoFileSystem fileSystem;
    private final Location spillDirectory;
    private final String runFilePrefix = "sort-run-" + UUID.randomUUID();
    private final RunFileFormat format;

    private final List<Page> pages = new ArrayList<>();
    private final List<long[]> keyHighs = new ArrayList<>();
    private final List<long[]> keyLows = new ArrayList<>();
    private int bufferedPositions;
    private long bufferedBytes;

    private final List<RunFile> runFiles = new ArrayList<>();
    private final List<SortedRun> openRuns = new ArrayList<>();
    private boolean finished;
    private boolean closed;

    /**
     * @param types the page channels' Trino types
     * @param memoryLimitBytes buffered page and key bytes above which the buffer is spilled as one sorted run
     * @param spillDirectory where run files go; each sorter names its files uniquely and deletes them on close
     */
    public ExternalPageSorter(List<Type> types, long memoryLimitBytes, TrinoFileSystem fileSystem, Location spillDirectory)
    {
        this.types = ImmutableList.copyOf(requireNonNull(types, "types is null"));
        checkArgument(memoryLimitBytes > 0, "memoryLimitBytes must be positive: %s", memoryLimitBytes);
        this.memoryLimitBytes = memoryLimitBytes;
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.spillDirectory = requireNonNull(spillDirectory, "spillDirectory is null");
        // row groups bound what reading a run buffers during the merge: one row group's column chunks per run
        DataSize rowGroupSize = DataSize.ofBytes(clamp(memoryLimitBytes / 4, DataSize.of(1, MEGABYTE).toBytes(), DataSize.of(16, MEGABYTE).toBytes()));
        this.format = new RunFileFormat(this.types, rowGroupSize);
    }

    /**
     * Buffers a page; spills the buffer as a sorted run when it exceeds the memory limit.
     *
     * @param keyHigh the upper 64 bits of each position's key; copied, the caller may reuse the array
     * @param keyLow the lower 64 bits of each position's key; copied
     */
    public void add(Page page, long[] keyHigh, long[] keyLow)
    {
        requireNonNull(page, "page is null");
        requireNonNull(keyHigh, "keyHigh is null");
        requireNonNull(keyLow, "keyLow is null");
        checkState(!closed, "sorter is closed");
        checkState(!finished, "sorter is finished");
        checkArgument(page.getChannelCount() == types.size(), "page has %s channels, the sorter %s types", page.getChannelCount(), types.size());
        int positionCount = page.getPositionCount();
        checkArgument(keyHigh.length >= positionCount && keyLow.length >= positionCount,
                "page has %s positions but only %s high and %s low key values", positionCount, keyHigh.length, keyLow.length);
        if (positionCount == 0) {
            return;
        }
        long[] high = Arrays.copyOf(keyHigh, positionCount);
        long[] low = Arrays.copyOf(keyLow, positionCount);
        pages.add(page);
        keyHighs.add(high);
        keyLows.add(low);
        bufferedPositions = Math.addExact(bufferedPositions, positionCount);
        bufferedBytes += page.getRetainedSizeInBytes() + sizeOf(high) + sizeOf(low);
        if (bufferedBytes > memoryLimitBytes) {
            spill();
        }
    }

    /** Memory held now: buffered pages and keys, and during {@link #finish} the runs' current pages and readers. */
    public long retainedBytes()
    {
        long bytes = INSTANCE_SIZE + bufferedBytes;
        for (SortedRun run : openRuns) {
            bytes += run.retainedBytes();
        }
        return bytes;
    }

    /** Number of sorted runs written to the spill directory so far. */
    public int spilledRuns()
    {
        return runFiles.size();
    }

    /**
     * Emits all added rows in ascending key order, in pages of at most {@value #MAX_PAGE_POSITIONS} positions
     * (and about 1 MB). Can be called once; emits nothing when no row was added.
     */
    public void finish(Consumer<Page> output)
    {
        requireNonNull(output, "output is null");
        checkState(!closed, "sorter is closed");
        checkState(!finished, "sorter is already finished");
        finished = true;

        List<SortedRun> runs = new ArrayList<>();
        for (RunFile runFile : runFiles) {
            FileRun run = FileRun.open(fileSystem, runFile.location(), runFile.length(), types, format);
            openRuns.add(run);
            runs.add(run);
        }
        if (bufferedPositions > 0) {
            // the rest stays in memory: one run more in the merge instead of a write and a read
            SortedRun run = sortBuffer();
            openRuns.add(run);
            runs.add(run);
        }
        PageBuilder builder = new PageBuilder(types);
        PageConsumer sink = output::accept;
        if (runs.size() == 1) {
            SortedRun run = runs.getFirst();
            while (run.advance()) {
                appendRow(builder, run, false, sink);
            }
        }
        else {
            merge(runs, builder, sink);
        }
        flush(builder, sink);
        closeRuns();
        clearBuffer();
    }

    private void merge(List<SortedRun> runs, PageBuilder builder, PageConsumer output)
    {
        PriorityQueue<SortedRun> queue = new PriorityQueue<>(Math.max(1, runs.size()), SortedRun.BY_CURRENT_KEY);
        for (SortedRun run : runs) {
            if (run.advance()) {
                queue.add(run);
            }
        }
        while (!queue.isEmpty()) {
            SortedRun run = queue.poll();
            appendRow(builder, run, false, output);
            if (run.advance()) {
                queue.add(run);
            }
        }
    }

    /** Sorts the buffer and writes it as one run file; the buffer is empty afterwards. */
    private void spill()
    {
        InMemoryRun run = sortBuffer();
        Location location = spillDirectory.appendPath("%s-%d.parquet".formatted(runFilePrefix, runFiles.size()));
        // recorded before the file exists, so that close deletes a partly written file after a failure
        RunFile runFile = new RunFile(location);
        runFiles.add(runFile);
        AggregatedMemoryContext memoryContext = newSimpleAggregatedMemoryContext();
        try (ParquetWriter writer = format.createWriter(fileSystem, location, memoryContext)) {
            PageBuilder builder = new PageBuilder(format.fileTypes());
            while (run.advance()) {
                appendRow(builder, run, true, writer::write);
            }
            flush(builder, writer::write);
            writer.close();
            runFile.setLength(writer.getWrittenBytes());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to write sort run file %s: %s".formatted(location, e.getMessage()), e);
        }
        finally {
            run.close();
            clearBuffer();
        }
    }

    private InMemoryRun sortBuffer()
    {
        long[] high = new long[bufferedPositions];
        long[] low = new long[bufferedPositions];
        long[] rows = new long[bufferedPositions];
        int offset = 0;
        for (int page = 0; page < pages.size(); page++) {
            long[] pageHigh = keyHighs.get(page);
            int positionCount = pageHigh.length;
            System.arraycopy(pageHigh, 0, high, offset, positionCount);
            System.arraycopy(keyLows.get(page), 0, low, offset, positionCount);
            for (int position = 0; position < positionCount; position++) {
                rows[offset + position] = InMemoryRun.row(page, position);
            }
            offset += positionCount;
        }
        KeySort.sort(high, low, rows, bufferedPositions);
        return new InMemoryRun(types, pages, high, low, rows, bufferedPositions);
    }

    private void appendRow(PageBuilder builder, SortedRun run, boolean withKey, PageConsumer output)
    {
        builder.declarePosition();
        run.appendRow(builder);
        if (withKey) {
            BIGINT.writeLong(builder.getBlockBuilder(types.size()), run.high());
            BIGINT.writeLong(builder.getBlockBuilder(types.size() + 1), run.low());
        }
        if (builder.getPositionCount() >= MAX_PAGE_POSITIONS || builder.isFull()) {
            flush(builder, output);
        }
    }

    private static void flush(PageBuilder builder, PageConsumer output)
    {
        if (builder.isEmpty()) {
            return;
        }
        Page page = builder.build();
        builder.reset();
        try {
            output.accept(page);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void clearBuffer()
    {
        pages.clear();
        keyHighs.clear();
        keyLows.clear();
        bufferedPositions = 0;
        bufferedBytes = 0;
    }

    private void closeRuns()
    {
        RuntimeException failure = null;
        for (SortedRun run : openRuns) {
            try {
                run.close();
            }
            catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
                else {
                    failure.addSuppressed(e);
                }
            }
        }
        openRuns.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes open run readers and deletes every run file; safe to call more than once, and the only call valid after a failure. */
    @Override
    public void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        clearBuffer();
        RuntimeException failure = null;
        try {
            closeRuns();
        }
        catch (RuntimeException e) {
            failure = e;
        }
        for (RunFile runFile : runFiles) {
            try {
                fileSystem.deleteFile(runFile.location());
            }
            catch (IOException | RuntimeException e) {
                RuntimeException deleteFailure = new UncheckedIOException("Failed to delete sort run file %s".formatted(runFile.location()), e instanceof IOException io ? io : new IOException(e));
                if (failure == null) {
                    failure = deleteFailure;
                }
                else {
                    failure.addSuppressed(deleteFailure);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @FunctionalInterface
    private interface PageConsumer
    {
        void accept(Page page)
                throws IOException;
    }

    private static final class RunFile
    {
        private final Location location;
        private long length = -1;

        RunFile(Location location)
        {
            this.location = requireNonNull(location, "location is null");
        }

        Location location()
        {
            return location;
        }

        long length()
        {
            checkState(length >= 0, "run file %s was not completely written", location);
            return length;
        }

        void setLength(long length)
        {
            this.length = length;
        }
    }
}
