package dev.lakehouse.layout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Random;

import static dev.lakehouse.layout.CurveProperties.randomIndex;
import static dev.lakehouse.layout.CurveProperties.randomPoint;
import static dev.lakehouse.layout.CurveProperties.walkBijectively;
import static org.assertj.core.api.Assertions.assertThat;

final class TestLinearOrder
{
    @ParameterizedTest
    @CsvSource({"1, 64", "2, 64", "3, 42", "4, 32", "5, 25", "6, 21", "7, 18", "8, 16", "3, 5", "8, 1"})
    void testSortsLexicographically(int dimensions, int bits)
    {
        LinearOrder order = new LinearOrder(dimensions, bits);
        Random random = new Random(dimensions * 100L + bits);
        for (int i = 0; i < 5_000; i++) {
            long[] first = randomPoint(random, dimensions, bits);
            long[] second = random.nextBoolean() ? randomPoint(random, dimensions, bits) : withOneCoordinateChanged(first, random, bits);
            assertThat(Integer.signum(order.index(first).compareTo(order.index(second))))
                    .as("order of %s and %s", Arrays.toString(first), Arrays.toString(second))
                    .isEqualTo(Integer.signum(Arrays.compareUnsigned(first, second)));
            assertThat(order.coordinates(order.index(first))).isEqualTo(first);

            CurveIndex position = randomIndex(random, dimensions * bits);
            assertThat(order.index(order.coordinates(position))).isEqualTo(position);
        }
    }

    @Test
    void testWholeGrid()
    {
        LinearOrder order = new LinearOrder(3, 4);
        walkBijectively(3, 4, position -> order.coordinates(CurveIndex.of(position)), cell -> order.index(cell).low());
        assertThat(order.index(0xA, 0xB, 0xC)).isEqualTo(CurveIndex.of(0xABC));
    }

    private static long[] withOneCoordinateChanged(long[] point, Random random, int bits)
    {
        long[] changed = point.clone();
        changed[random.nextInt(point.length)] = random.nextLong() >>> (Long.SIZE - bits);
        return changed;
    }
}
