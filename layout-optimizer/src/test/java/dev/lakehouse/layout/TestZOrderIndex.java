package dev.lakehouse.layout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Random;

import static dev.lakehouse.layout.CurveProperties.assertAlignedCubesAreContiguous;
import static dev.lakehouse.layout.CurveProperties.manhattanDistance;
import static dev.lakehouse.layout.CurveProperties.randomIndex;
import static dev.lakehouse.layout.CurveProperties.randomPoint;
import static dev.lakehouse.layout.CurveProperties.walkBijectively;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestZOrderIndex
{
    @ParameterizedTest
    @CsvSource({"1, 10", "2, 8", "3, 5", "4, 4", "5, 3", "6, 2", "7, 2", "8, 2"})
    void testIsBijectionOnWholeGrid(int dimensions, int bits)
    {
        ZOrderIndex curve = new ZOrderIndex(dimensions, bits);
        List<long[]> cells = walkBijectively(dimensions, bits, position -> curve.coordinates(CurveIndex.of(position)), cell -> curve.index(cell).low());

        assertAlignedCubesAreContiguous(dimensions, bits, cells);
        if (dimensions > 1) {
            // unlike Hilbert, the Z jumps: leaving the first half of the grid crosses it diagonally
            long longestStep = 0;
            for (int position = 1; position < cells.size(); position++) {
                longestStep = Math.max(longestStep, manhattanDistance(cells.get(position - 1), cells.get(position)));
            }
            assertThat(longestStep).isGreaterThan(1);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 64", "2, 64", "3, 42", "4, 32", "5, 25", "6, 21", "7, 18", "8, 16", "3, 7"})
    void testInterleavesBitsMostSignificantFirst(int dimensions, int bits)
    {
        ZOrderIndex curve = new ZOrderIndex(dimensions, bits);
        Random random = new Random(dimensions * 100L + bits);
        for (int i = 0; i < 5_000; i++) {
            long[] point = randomPoint(random, dimensions, bits);
            CurveIndex index = curve.index(point);
            assertThat(index).isEqualTo(interleaveBitByBit(point, bits));
            assertThat(curve.coordinates(index)).isEqualTo(point);

            CurveIndex position = randomIndex(random, dimensions * bits);
            assertThat(curve.index(curve.coordinates(position))).isEqualTo(position);
        }
    }

    @Test
    void testIsMonotoneInEachCoordinate()
    {
        ZOrderIndex curve = new ZOrderIndex(4, 10);
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            long[] point = randomPoint(random, 4, 10);
            int dimension = random.nextInt(4);
            if (point[dimension] == 1023) {
                continue;
            }
            long[] larger = point.clone();
            larger[dimension] += 1 + random.nextInt((int) (1023 - point[dimension]));
            assertThat(curve.index(larger)).isGreaterThan(curve.index(point));
        }
    }

    @Test
    void testExample()
    {
        ZOrderIndex curve = new ZOrderIndex(2, 3);
        // x = 0b101, y = 0b011 -> x2 y2 x1 y1 x0 y0 = 1 0 0 1 1 1
        assertThat(curve.index(5, 3)).isEqualTo(CurveIndex.of(0b100111));
        assertThat(curve.coordinates(CurveIndex.of(0b100111))).containsExactly(5, 3);
        assertThatThrownBy(() -> curve.index(8, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("coordinate 0 is 8, outside the grid of 3 bits per dimension (0 to 7)");
    }

    /** The definition of Z-order, one bit at a time: an independent reference for the mask-based code. */
    private static CurveIndex interleaveBitByBit(long[] point, int bits)
    {
        long high = 0;
        long low = 0;
        for (int level = bits - 1; level >= 0; level--) {
            for (long coordinate : point) {
                high = (high << 1) | (low >>> 63);
                low = (low << 1) | ((coordinate >>> level) & 1);
            }
        }
        return new CurveIndex(high, low);
    }
}
