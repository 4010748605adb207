package dev.lakehouse.layout;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;

import static com.google.common.base.Preconditions.checkArgument;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties shared by the curve tests, written against plain functions so that the same checks run on
 * our curves and on the library the benchmark compares with.
 */
final class CurveProperties
{
    /** Full grids are walked cell by cell; keep them small enough for fast tests. */
    static final int MAX_WALKED_BITS = 20;

    private CurveProperties() {}

    /**
     * The cells at indexes {@code 0 .. 2^(dimensions * bits) - 1}, in index order, after checking that the
     * walk is a bijection: every cell is inside the grid, none is visited twice (so all are visited), and
     * {@code index} maps each cell back to its position.
     */
    static List<long[]> walkBijectively(int dimensions, int bits, LongFunction<long[]> coordinates, ToLongFunction<long[]> index)
    {
        int totalBits = dimensions * bits;
        checkArgument(totalBits <= MAX_WALKED_BITS, "grid too large to walk: %s bits", totalBits);
        int cellCount = 1 << totalBits;
        BitSet visited = new BitSet(cellCount);
        List<long[]> cells = new ArrayList<>(cellCount);
        for (long position = 0; position < cellCount; position++) {
            long[] cell = coordinates.apply(position);
            assertThat(cell).hasSize(dimensions);
            int cellNumber = 0;
            for (long coordinate : cell) {
                assertThat(coordinate).isBetween(0L, (1L << bits) - 1);
                cellNumber = (cellNumber << bits) | (int) coordinate;
            }
            assertThat(visited.get(cellNumber))
                    .as("cell %s is visited twice, again at index %s", cellNumber, position)
                    .isFalse();
            visited.set(cellNumber);
            assertThat(index.applyAsLong(cell)).isEqualTo(position);
            cells.add(cell);
        }
        assertThat(visited.cardinality()).isEqualTo(cellCount);
        return cells;
    }

    static void assertConsecutiveCellsAreNeighbours(List<long[]> cells)
    {
        for (int position = 1; position < cells.size(); position++) {
            assertThat(manhattanDistance(cells.get(position - 1), cells.get(position)))
                    .as("distance between the cells at indexes %s and %s", position - 1, position)
                    .isEqualTo(1);
        }
    }

    /**
     * Every run of {@code 2^(dimensions * level)} indexes starting at a multiple of that stays inside one
     * aligned cube of side {@code 2^level}. With a bijective walk, each such run then fills its cube: the
     * property that makes a range of the curve (one file) a compact box.
     */
    static void assertAlignedCubesAreContiguous(int dimensions, int bits, List<long[]> cells)
    {
        for (int position = 1; position < cells.size(); position++) {
            long[] previous = cells.get(position - 1);
            long[] current = cells.get(position);
            for (int level = 1; level < bits; level++) {
                int shift = dimensions * level;
                if ((position >>> shift) != ((position - 1) >>> shift)) {
                    break;
                }
                for (int dimension = 0; dimension < dimensions; dimension++) {
                    assertThat(current[dimension] >>> level)
                            .as("indexes %s and %s are in the same run of %s but not in the same cube", position - 1, position, 1 << shift)
                            .isEqualTo(previous[dimension] >>> level);
                }
            }
        }
    }

    /** Sum of the coordinates' differences, reading coordinates as unsigned (the top bit may be set). */
    static long manhattanDistance(long[] first, long[] second)
    {
        checkArgument(first.length == second.length, "points of different dimensions");
        long distance = 0;
        for (int dimension = 0; dimension < first.length; dimension++) {
            long a = first[dimension];
            long b = second[dimension];
            distance += Long.compareUnsigned(a, b) >= 0 ? a - b : b - a;
        }
        return distance;
    }

    static long[] randomPoint(RandomGenerator random, int dimensions, int bits)
    {
        long[] point = new long[dimensions];
        for (int dimension = 0; dimension < dimensions; dimension++) {
            point[dimension] = random.nextLong() >>> (Long.SIZE - bits);
        }
        return point;
    }

    /** A uniformly random index on a curve of {@code totalBits} bits. */
    static CurveIndex randomIndex(RandomGenerator random, int totalBits)
    {
        long low = totalBits >= Long.SIZE ? random.nextLong() : random.nextLong() >>> (Long.SIZE - totalBits);
        long high = totalBits > Long.SIZE ? random.nextLong() >>> (2 * Long.SIZE - totalBits) : 0;
        return new CurveIndex(high, low);
    }

    static CurveIndex successor(CurveIndex index)
    {
        long low = index.low() + 1;
        return new CurveIndex(low == 0 ? index.high() + 1 : index.high(), low);
    }

    static CurveIndex lastIndex(int totalBits)
    {
        return new CurveIndex(
                totalBits > Long.SIZE ? -1L >>> (2 * Long.SIZE - totalBits) : 0,
                totalBits >= Long.SIZE ? -1L : -1L >>> (Long.SIZE - totalBits));
    }
}
