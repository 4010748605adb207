package dev.lakehouse.layout;

import org.davidmoten.hilbert.HilbertCurve;
import org.davidmoten.hilbert.SmallHilbertCurve;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;

import static dev.lakehouse.layout.CurveProperties.assertAlignedCubesAreContiguous;
import static dev.lakehouse.layout.CurveProperties.assertConsecutiveCellsAreNeighbours;
import static dev.lakehouse.layout.CurveProperties.randomPoint;
import static dev.lakehouse.layout.CurveProperties.walkBijectively;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the library {@code BenchmarkHilbertIndex} compares with: it must be a correct Hilbert curve on the
 * same grids for the comparison to mean anything. Both follow Skilling's method with the same bit order,
 * so they turn out to be the same curve, and the test also pins that: were either to change orientation,
 * the comparison would have to fall back to the properties alone.
 */
final class TestHilbertIndexAgainstLibrary
{
    @ParameterizedTest
    @CsvSource({"2, 8", "3, 5", "4, 4", "5, 3", "6, 2", "7, 2", "8, 2"})
    void testLibraryWalksWholeGridThroughNeighbours(int dimensions, int bits)
    {
        SmallHilbertCurve library = HilbertCurve.small().bits(bits).dimensions(dimensions);
        List<long[]> cells = walkBijectively(dimensions, bits, library::point, library::index);
        assertConsecutiveCellsAreNeighbours(cells);
        assertAlignedCubesAreContiguous(dimensions, bits, cells);

        HilbertIndex ours = new HilbertIndex(dimensions, bits);
        for (int position = 0; position < cells.size(); position++) {
            assertThat(ours.index(cells.get(position))).isEqualTo(CurveIndex.of(position));
        }
    }

    @ParameterizedTest
    @CsvSource({"2, 31", "4, 15", "8, 7", "2, 63", "4, 32", "8, 16", "3, 42"})
    void testSameIndexesOnWideGrids(int dimensions, int bits)
    {
        Random random = new Random(dimensions * 100L + bits);
        HilbertIndex ours = new HilbertIndex(dimensions, bits);
        HilbertCurve library = HilbertCurve.bits(bits).dimensions(dimensions);
        for (int i = 0; i < 2_000; i++) {
            long[] point = randomPoint(random, dimensions, bits);
            BigInteger expected = library.index(point);
            CurveIndex index = ours.index(point);
            assertThat(new BigInteger(1, index.toBytes())).isEqualTo(expected);
            assertThat(library.point(expected)).isEqualTo(point);
        }
    }
}
