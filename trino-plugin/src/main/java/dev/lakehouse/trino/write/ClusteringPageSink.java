package dev.lakehouse.trino.write;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.layout.CurveKind;
import dev.lakehouse.layout.rewrite.ExternalPageSorter;
import io.airlift.slice.Slice;
import io.trino.filesystem.Location;
import io.trino.filesystem.local.LocalFileSystem;
import io.trino.spi.Page;
import io.trino.spi.connector.ConnectorPageSink;
import io.trino.spi.type.Type;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * The page sink of a clustering run: collects all rows it receives, sorts them by their curve key (spilling sorted
 * runs to local disk beyond its memory limit), and only then hands them to a {@link LakehousePageSink}, whose
 * per-partition writers roll files at the target size, so each file holds one stretch of the curve.
 *
 * <p>The grid's boundaries come from the first rows received (up to half the memory limit): a sample of the
 * whole input when it fits in memory, and otherwise of a large share of it.
 */
public final class ClusteringPageSink
        implements ConnectorPageSink
{
    private static final int WRITE_PAGE_ROWS = 1024;

    private final LakehousePageSink delegate;
    private final List<Type> types;
    private final List<Integer> keyChannels;
    private final CurveKind curve;
    private final long memoryLimit;

    private final List<Page> sampleBuffer = new ArrayList<>();
    private long sampleBytes;
    private CurveKeys keys;
    private ExternalPageSorter sorter;

    public ClusteringPageSink(LakehousePageSink delegate, List<Type> types, List<Integer> keyChannels, CurveKind curve, long memoryLimit)
    {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.types = ImmutableList.copyOf(types);
        this.keyChannels = ImmutableList.copyOf(keyChannels);
        this.curve = requireNonNull(curve, "curve is null");
        this.memoryLimit = memoryLimit;
    }

    @Override
    public CompletableFuture<?> appendPage(Page page)
    {
        if (page.getPositionCount() == 0) {
            return NOT_BLOCKED;
        }
        if (sorter != null) {
            addToSorter(page);
            return NOT_BLOCKED;
        }
        sampleBuffer.add(page);
        sampleBytes += page.getRetainedSizeInBytes();
        if (sampleBytes > memoryLimit / 2) {
            startSorting();
        }
        return NOT_BLOCKED;
    }

    private void startSorting()
    {
        keys = CurveKeys.fromSample(sampleBuffer, keyChannels, keyChannels.stream().map(types::get).toList(), curve);
        Path temporaryDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        sorter = new ExternalPageSorter(types, memoryLimit, new LocalFileSystem(temporaryDirectory), Location.of("local:///lakehouse-clustering-spill-" + UUID.randomUUID()));
        sampleBuffer.forEach(this::addToSorter);
        sampleBuffer.clear();
        sampleBytes = 0;
    }

    private void addToSorter(Page page)
    {
        long[] high = new long[page.getPositionCount()];
        long[] low = new long[page.getPositionCount()];
        keys.compute(page, high, low);
        sorter.add(page, high, low);
    }

    @Override
    public long getMemoryUsage()
    {
        return sampleBytes + (sorter == null ? 0 : sorter.retainedBytes()) + delegate.getMemoryUsage();
    }

    @Override
    public long getCompletedBytes()
    {
        return delegate.getCompletedBytes();
    }

    @Override
    public CompletableFuture<Collection<Slice>> finish()
    {
        if (sorter == null && sampleBuffer.isEmpty()) {
            return delegate.finish();
        }
        if (sorter == null) {
            startSorting();
        }
        try {
            sorter.finish(this::write);
        }
        finally {
            sorter.close();
        }
        return delegate.finish();
    }

    // small pieces, so that a file ends close to the target size: the writer checks its size after each page
    private void write(Page page)
    {
        for (int start = 0; start < page.getPositionCount(); start += WRITE_PAGE_ROWS) {
            delegate.appendPage(page.getRegion(start, Math.min(WRITE_PAGE_ROWS, page.getPositionCount() - start)));
        }
    }

    @Override
    public void abort()
    {
        if (sorter != null) {
            sorter.close();
        }
        delegate.abort();
    }
}
