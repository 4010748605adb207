package dev.lakehouse.layout.rewrite;

import com.google.common.collect.ImmutableList;
import io.airlift.slice.Slices;
import io.trino.filesystem.Location;
import io.trino.filesystem.local.LocalFileSystem;
import io.trino.spi.Page;
import io.trino.spi.PageBuilder;
import io.trino.spi.type.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints rows per second of a sort held in memory and of one spilling about 8 runs; asserts only correctness,
 * since timings on a shared machine vary.
 */
final class TestExternalPageSorterThroughput
{
    private static final List<Type> TYPES = ImmutableList.of(BIGINT, BIGINT, DOUBLE, VARCHAR);
    private static final int PAGE_ROWS = 8192;

    @TempDir
    Path directory;

    @Test
    void testThroughput()
    {
        Input warmUp = input(200_000, new Random(1));
        sort(warmUp, Long.MAX_VALUE, "warm-up in memory");
        sort(warmUp, eightRunsLimit(warmUp), "warm-up spilled");

        Input input = input(2_000_000, new Random(2));
        sort(input, Long.MAX_VALUE, "in memory");
        sort(input, eightRunsLimit(input), "spilled");
    }

    /** The sorter counts pages and 16 key bytes per row: 7 spilled runs and the rest in memory, 8 runs merged. */
    private static long eightRunsLimit(Input input)
    {
        return (long) ((input.retainedBytes() + 16 * input.rowCount()) / 7.5);
    }

    private void sort(Input input, long memoryLimit, String label)
    {
        long start = System.nanoTime();
        long[] rows = new long[1];
        long[] previous = {0, 0};
        int runs;
        try (ExternalPageSorter sorter = new ExternalPageSorter(TYPES, memoryLimit, new LocalFileSystem(directory), Location.of("local:///spill"))) {
            for (int page = 0; page < input.pages().size(); page++) {
                sorter.add(input.pages().get(page), input.high().get(page), input.low().get(page));
            }
            runs = sorter.spilledRuns();
            sorter.finish(page -> {
                // the key is column 0 (high) and 1 (low) here: check order while counting
                for (int position = 0; position < page.getPositionCount(); position++) {
                    long high = BIGINT.getLong(page.getBlock(0), position);
                    long low = BIGINT.getLong(page.getBlock(1), position);
                    assertThat(Long.compareUnsigned(high, previous[0]) > 0 || (high == previous[0] && Long.compareUnsigned(low, previous[1]) >= 0)).isTrue();
                    previous[0] = high;
                    previous[1] = low;
                }
                rows[0] += page.getPositionCount();
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(rows[0]).isEqualTo(input.rowCount());
        System.out.printf("ExternalPageSorter %-18s %,d rows, %d spilled runs, memory limit %,d bytes: %.2f s, %,.0f rows/s%n",
                label, rows[0], runs, Math.min(memoryLimit, input.retainedBytes() + 16 * input.rowCount()), seconds, rows[0] / seconds);
    }

    /** Pages of (key high, key low, double, varchar of 7 to 19 characters); the key is also in the first two columns. */
    private static Input input(int rowCount, Random random)
    {
        List<Page> pages = new ArrayList<>();
        List<long[]> highs = new ArrayList<>();
        List<long[]> lows = new ArrayList<>();
        long retainedBytes = 0;
        for (int offset = 0; offset < rowCount; offset += PAGE_ROWS) {
            int positions = Math.min(PAGE_ROWS, rowCount - offset);
            PageBuilder builder = new PageBuilder(TYPES);
            long[] high = new long[positions];
            long[] low = new long[positions];
            for (int position = 0; position < positions; position++) {
                high[position] = random.nextInt(4) == 0 ? random.nextLong() : 0;
                low[position] = random.nextLong();
                builder.declarePosition();
                BIGINT.writeLong(builder.getBlockBuilder(0), high[position]);
                BIGINT.writeLong(builder.getBlockBuilder(1), low[position]);
                DOUBLE.writeDouble(builder.getBlockBuilder(2), random.nextDouble());
                VARCHAR.writeSlice(builder.getBlockBuilder(3), Slices.utf8Slice("value-" + Long.toString(random.nextLong() >>> random.nextInt(40), 36)));
            }
            Page page = builder.build();
            pages.add(page);
            highs.add(high);
            lows.add(low);
            retainedBytes += page.getRetainedSizeInBytes();
        }
        return new Input(pages, highs, lows, rowCount, retainedBytes);
    }

    private record Input(List<Page> pages, List<long[]> high, List<long[]> low, long rowCount, long retainedBytes) {}
}
