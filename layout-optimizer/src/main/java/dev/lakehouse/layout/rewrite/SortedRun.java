package dev.lakehouse.layout.rewrite;

import io.trino.spi.PageBuilder;

import java.util.Comparator;

/**
 * A sequence of rows in ascending key order, read one row at a time: the buffered rows sorted in memory, or a
 * run file read back page by page. The merge compares runs by their current row's key.
 */
sealed interface SortedRun
        extends AutoCloseable
        permits InMemoryRun, FileRun
{
    Comparator<SortedRun> BY_CURRENT_KEY = (left, right) -> {
        int result = Long.compareUnsigned(left.high(), right.high());
        if (result != 0) {
            return result;
        }
        return Long.compareUnsigned(left.low(), right.low());
    };

    /** Moves to the next row (the first one on the first call); false when the run is exhausted. */
    boolean advance();

    long high();

    long low();

    /** Appends the current row's data channels to channels {@code 0..n-1} of the builder; declares no position. */
    void appendRow(PageBuilder builder);

    long retainedBytes();

    @Override
    void close();
}
