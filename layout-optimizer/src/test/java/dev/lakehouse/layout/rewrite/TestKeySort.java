package dev.lakehouse.layout.rewrite;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static dev.lakehouse.layout.rewrite.SortTestData.randomKeyPart;
import static org.assertj.core.api.Assertions.assertThat;

final class TestKeySort
{
    @Test
    void testAgainstComparatorSort()
    {
        Random random = new Random(11);
        for (int length : new int[] {0, 1, 2, 31, 32, 33, 64, 100, 1000, 10_007}) {
            long[] high = new long[length + 3];
            long[] low = new long[length + 3];
            long[] rows = new long[length + 3];
            for (int i = 0; i < high.length; i++) {
                high[i] = randomKeyPart(random);
                low[i] = randomKeyPart(random);
                rows[i] = i;
            }
            long[][] expected = IntStream.range(0, length)
                    .mapToObj(i -> new long[] {high[i], low[i], rows[i]})
                    .sorted(Comparator.<long[]>comparingLong(entry -> entry[0] ^ Long.MIN_VALUE)
                            .thenComparingLong(entry -> entry[1] ^ Long.MIN_VALUE)
                            .thenComparingLong(entry -> entry[2]))
                    .toArray(long[][]::new);
            long[] untouchedTail = {high[length], low[length], rows[length]};

            KeySort.sort(high, low, rows, length);

            // stable: equal keys keep their input order, which the reference sort breaks by row
            for (int i = 0; i < length; i++) {
                assertThat(new long[] {high[i], low[i], rows[i]}).as("entry %s of %s", i, length).isEqualTo(expected[i]);
            }
            assertThat(new long[] {high[length], low[length], rows[length]}).isEqualTo(untouchedTail);
        }
    }

    @Test
    void testUnsignedOrder()
    {
        long[] high = {-1, Long.MIN_VALUE, Long.MAX_VALUE, 0, 0, 0};
        long[] low = {0, 0, -1, -1, Long.MIN_VALUE, 1};
        long[] rows = {0, 1, 2, 3, 4, 5};
        KeySort.sort(high, low, rows, rows.length);
        assertThat(rows).containsExactly(5, 4, 3, 2, 1, 0);
        assertThat(Arrays.copyOf(high, 3)).containsExactly(0, 0, 0);
    }
}
