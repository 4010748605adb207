package dev.lakehouse.layout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.lakehouse.layout.CurveProperties.assertAlignedCubesAreContiguous;
import static dev.lakehouse.layout.CurveProperties.assertConsecutiveCellsAreNeighbours;
import static dev.lakehouse.layout.CurveProperties.lastIndex;
import static dev.lakehouse.layout.CurveProperties.manhattanDistance;
import static dev.lakehouse.layout.CurveProperties.randomIndex;
import static dev.lakehouse.layout.CurveProperties.randomPoint;
import static dev.lakehouse.layout.CurveProperties.successor;
import static dev.lakehouse.layout.CurveProperties.walkBijectively;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestHilbertIndex
{
    private static final int RANDOM_CASES = 20_000;

    @ParameterizedTest
    @CsvSource({"1, 10", "2, 8", "3, 5", "4, 4", "5, 3", "6, 2", "7, 2", "8, 2", "8, 1", "2, 1"})
    void testWalksWholeGridThroughNeighbours(int dimensions, int bits)
    {
        HilbertIndex curve = new HilbertIndex(dimensions, bits);
        List<long[]> cells = walkBijectively(dimensions, bits, position -> curve.coordinates(CurveIndex.of(position)), cell -> curve.index(cell).low());

        assertThat(cells.getFirst()).containsOnly(0);
        assertConsecutiveCellsAreNeighbours(cells);
        assertAlignedCubesAreContiguous(dimensions, bits, cells);
    }

    @ParameterizedTest
    @CsvSource({"1, 64", "2, 64", "2, 33", "3, 42", "4, 32", "5, 25", "6, 21", "7, 18", "8, 16", "8, 9", "3, 3"})
    void testRoundTripsOnWideGrids(int dimensions, int bits)
    {
        HilbertIndex curve = new HilbertIndex(dimensions, bits);
        Random random = new Random(dimensions * 100L + bits);
        int totalBits = dimensions * bits;
        for (int i = 0; i < RANDOM_CASES; i++) {
            long[] point = randomPoint(random, dimensions, bits);
            CurveIndex index = curve.index(point);
            assertThat(index.compareTo(lastIndex(totalBits))).isLessThanOrEqualTo(0);
            assertThat(curve.coordinates(index)).isEqualTo(point);

            CurveIndex position = randomIndex(random, totalBits);
            assertThat(curve.index(curve.coordinates(position))).isEqualTo(position);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 64", "2, 64", "3, 42", "4, 32", "5, 25", "6, 21", "7, 18", "8, 16"})
    void testConsecutiveIndexesAreNeighboursOnWideGrids(int dimensions, int bits)
    {
        HilbertIndex curve = new HilbertIndex(dimensions, bits);
        Random random = new Random(dimensions * 1000L + bits);
        int totalBits = dimensions * bits;
        List<CurveIndex> positions = new ArrayList<>();
        // the ends of the curve and both sides of the boundary between the two halves of the index
        positions.add(CurveIndex.ZERO);
        positions.add(new CurveIndex(0, -1L >>> (Long.SIZE - Math.min(totalBits, Long.SIZE))));
        positions.add(new CurveIndex(lastIndex(totalBits).high(), lastIndex(totalBits).low() - 1));
        for (int i = 0; i < RANDOM_CASES; i++) {
            positions.add(randomIndex(random, totalBits));
        }
        for (CurveIndex position : positions) {
            if (position.equals(lastIndex(totalBits))) {
                continue;
            }
            long[] cell = curve.coordinates(position);
            long[] next = curve.coordinates(successor(position));
            assertThat(manhattanDistance(cell, next))
                    .as("distance between the cells at %s and the next index", position)
                    .isEqualTo(1);
        }
        assertThat(curve.coordinates(CurveIndex.ZERO)).containsOnly(0);
    }

    @Test
    void testOrientationIsFixed()
    {
        // The first-order curve of Skilling's method in 2D, x = dimension 0: up, right, down.
        HilbertIndex curve = new HilbertIndex(2, 1);
        assertThat(cellsInOrder(curve)).containsExactly("0,0", "0,1", "1,1", "1,0");

        // Second order: four rotated copies of the first, entered at (0,0) and left at (3,0).
        HilbertIndex second = new HilbertIndex(2, 2);
        assertThat(cellsInOrder(second)).containsExactly(
                "0,0", "1,0", "1,1", "0,1",
                "0,2", "0,3", "1,3", "1,2",
                "2,2", "2,3", "3,3", "3,2",
                "3,1", "2,1", "2,0", "3,0");
    }

    @Test
    void testDoesNotModifyCoordinates()
    {
        HilbertIndex curve = new HilbertIndex(3, 8);
        long[] point = {200, 3, 77};
        curve.index(point);
        assertThat(point).containsExactly(200, 3, 77);
    }

    @Test
    void testRejectsInvalidShapes()
    {
        assertThatThrownBy(() -> new HilbertIndex(0, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a curve has 1 to 8 dimensions (clustering columns), got 0");
        assertThatThrownBy(() -> new HilbertIndex(9, 8))
                .hasMessage("a curve has 1 to 8 dimensions (clustering columns), got 9");
        assertThatThrownBy(() -> new HilbertIndex(2, 0))
                .hasMessage("a curve has 1 to 64 bits per dimension, got 0");
        assertThatThrownBy(() -> new HilbertIndex(1, 65))
                .hasMessage("a curve has 1 to 64 bits per dimension, got 65");
        assertThatThrownBy(() -> new HilbertIndex(8, 17))
                .hasMessage("8 dimensions of 17 bits need 136 bits, but a curve index has 128: use fewer bits per dimension");
    }

    @Test
    void testRejectsInvalidCoordinatesAndIndexes()
    {
        HilbertIndex curve = new HilbertIndex(3, 4);
        assertThatThrownBy(() -> curve.index(1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected 3 coordinates, one per dimension, got 2");
        assertThatThrownBy(() -> curve.index(1, 16, 2))
                .hasMessage("coordinate 1 is 16, outside the grid of 4 bits per dimension (0 to 15)");
        assertThatThrownBy(() -> curve.index(1, -1, 2))
                .hasMessage("coordinate 1 is 18446744073709551615, outside the grid of 4 bits per dimension (0 to 15)");
        assertThat(curve.coordinates(CurveIndex.of(4095))).hasSize(3);
        assertThatThrownBy(() -> curve.coordinates(CurveIndex.of(4096)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index 0x00000000000000000000000000001000 is beyond the end of a curve of 3 dimensions of 4 bits (12 bits in all)");
        assertThatThrownBy(() -> new HilbertIndex(8, 8).coordinates(new CurveIndex(1, 0)))
                .hasMessageStartingWith("index 0x00000000000000010000000000000000 is beyond the end");
    }

    private static List<String> cellsInOrder(HilbertIndex curve)
    {
        List<String> cells = new ArrayList<>();
        long cellCount = 1L << (curve.dimensions() * curve.bitsPerDimension());
        for (long position = 0; position < cellCount; position++) {
            long[] cell = curve.coordinates(CurveIndex.of(position));
            cells.add(cell[0] + "," + cell[1]);
        }
        return cells;
    }
}
