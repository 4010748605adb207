package dev.lakehouse.trino.metadatatables;

import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.SourcePage;

import java.util.Iterator;
import java.util.List;

/**
 * A page source of pages computed up front (some columns of which may be computed when read).
 */
final class SourcePages
        implements ConnectorPageSource
{
    private final Iterator<SourcePage> pages;
    private long completedBytes;

    SourcePages(List<SourcePage> pages)
    {
        this.pages = List.copyOf(pages).iterator();
    }

    @Override
    public long getCompletedBytes()
    {
        return completedBytes;
    }

    @Override
    public long getReadTimeNanos()
    {
        return 0;
    }

    @Override
    public boolean isFinished()
    {
        return !pages.hasNext();
    }

    @Override
    public SourcePage getNextSourcePage()
    {
        if (!pages.hasNext()) {
            return null;
        }
        SourcePage page = pages.next();
        completedBytes += page.getSizeInBytes();
        return page;
    }

    @Override
    public long getMemoryUsage()
    {
        return 0;
    }

    @Override
    public void close() {}
}
