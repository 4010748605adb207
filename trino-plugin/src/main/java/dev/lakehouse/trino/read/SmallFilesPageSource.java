package dev.lakehouse.trino.read;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.trino.LakehouseSplit;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.metrics.Metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The pages of several files read one after the other ({@link dev.lakehouse.trino.SmallFilesSplit}): each file is
 * opened when the one before it is finished, by the page source a split of that file alone would have, so that
 * dynamic filters that arrive meanwhile still prune the later files, and only one file is open at a time.
 */
final class SmallFilesPageSource
        implements ConnectorPageSource
{
    private final Iterator<LakehouseSplit> remainingFiles;
    private final Function<LakehouseSplit, ConnectorPageSource> open;
    private ConnectorPageSource current;
    // what the files already closed read
    private long closedBytes;
    private long closedPositions;
    private long closedReadTimeNanos;
    private Metrics closedMetrics = Metrics.EMPTY;
    private boolean finished;

    SmallFilesPageSource(List<LakehouseSplit> files, Function<LakehouseSplit, ConnectorPageSource> open)
    {
        this.remainingFiles = ImmutableList.copyOf(files).iterator();
        this.open = requireNonNull(open, "open is null");
    }

    @Override
    public SourcePage getNextSourcePage()
    {
        while (!finished) {
            if (current == null) {
                if (!remainingFiles.hasNext()) {
                    finished = true;
                    return null;
                }
                current = open.apply(remainingFiles.next());
            }
            SourcePage page = current.getNextSourcePage();
            if (page != null) {
                return page;
            }
            if (!current.isFinished()) {
                // blocked: the engine asks again when isBlocked completes
                return null;
            }
            finishOpenFile();
        }
        return null;
    }

    private void finishOpenFile()
    {
        try {
            closeOpenFile();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CompletableFuture<?> isBlocked()
    {
        return current == null ? NOT_BLOCKED : current.isBlocked();
    }

    @Override
    public long getCompletedBytes()
    {
        return closedBytes + (current == null ? 0 : current.getCompletedBytes());
    }

    @Override
    public OptionalLong getCompletedPositions()
    {
        return OptionalLong.of(closedPositions + (current == null ? 0 : current.getCompletedPositions().orElse(0)));
    }

    @Override
    public long getReadTimeNanos()
    {
        return closedReadTimeNanos + (current == null ? 0 : current.getReadTimeNanos());
    }

    @Override
    public boolean isFinished()
    {
        return finished;
    }

    @Override
    public long getMemoryUsage()
    {
        return current == null ? 0 : current.getMemoryUsage();
    }

    /**
     * The metrics of the files finished so far: the engine asks after every page, and merging the open file's metrics
     * each time cost a tenth of a scan over small files (a page or two each). The open file's count when it finishes,
     * and every file is finished or closed by the time the engine reads the final metrics.
     */
    @Override
    public Metrics getMetrics()
    {
        return closedMetrics;
    }

    @Override
    public void close()
            throws IOException
    {
        finished = true;
        if (current != null) {
            closeOpenFile();
        }
    }

    // counts what the open file read, then closes it
    private void closeOpenFile()
            throws IOException
    {
        ConnectorPageSource file = current;
        current = null;
        closedBytes += file.getCompletedBytes();
        closedPositions += file.getCompletedPositions().orElse(0);
        closedReadTimeNanos += file.getReadTimeNanos();
        closedMetrics = closedMetrics.mergeWith(file.getMetrics());
        file.close();
    }
}
