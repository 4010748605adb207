package dev.lakehouse.layout.rewrite;

import com.google.common.collect.ImmutableList;
import io.trino.spi.Page;
import io.trino.spi.PageBuilder;
import io.trino.spi.type.Type;

import java.util.List;

import static com.google.common.base.Preconditions.checkState;
import static io.airlift.slice.SizeOf.sizeOf;
import static java.util.Objects.requireNonNull;

/**
 * The buffered pages in key order: {@code rows[i]} packs the page index (upper 32 bits) and the position
 * (lower 32 bits) of the {@code i}-th smallest key, so no row is copied until it is written out.
 */
final class InMemoryRun
        implements SortedRun
{
    private final List<Type> types;
    private final List<Page> pages;
    private final long[] high;
    private final long[] low;
    private final long[] rows;
    private final int rowCount;
    private int current = -1;
    private Page currentPage;
    private int currentPosition;

    InMemoryRun(List<Type> types, List<Page> pages, long[] high, long[] low, long[] rows, int rowCount)
    {
        this.types = ImmutableList.copyOf(types);
        this.pages = ImmutableList.copyOf(pages);
        this.high = requireNonNull(high, "high is null");
        this.low = requireNonNull(low, "low is null");
        this.rows = requireNonNull(rows, "rows is null");
        this.rowCount = rowCount;
    }

    static long row(int page, int position)
    {
        return ((long) page << 32) | position;
    }

    int rowCount()
    {
        return rowCount;
    }

    @Override
    public boolean advance()
    {
        if (current + 1 >= rowCount) {
            current = rowCount;
            currentPage = null;
            return false;
        }
        current++;
        long row = rows[current];
        currentPage = pages.get((int) (row >>> 32));
        currentPosition = (int) row;
        return true;
    }

    @Override
    public long high()
    {
        return high[current];
    }

    @Override
    public long low()
    {
        return low[current];
    }

    @Override
    public void appendRow(PageBuilder builder)
    {
        checkState(currentPage != null, "no current row");
        for (int channel = 0; channel < types.size(); channel++) {
            types.get(channel).appendTo(currentPage.getBlock(channel), currentPosition, builder.getBlockBuilder(channel));
        }
    }

    @Override
    public long retainedBytes()
    {
        long bytes = sizeOf(high) + sizeOf(low) + sizeOf(rows);
        for (Page page : pages) {
            bytes += page.getRetainedSizeInBytes();
        }
        return bytes;
    }

    @Override
    public void close()
    {
        currentPage = null;
    }
}
