package dev.lakehouse.layout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static dev.lakehouse.layout.CurveProperties.walkBijectively;
import static org.assertj.core.api.Assertions.assertThat;

final class TestSpaceFillingCurve
{
    @ParameterizedTest
    @EnumSource(CurveKind.class)
    void testCreate(CurveKind kind)
    {
        SpaceFillingCurve curve = SpaceFillingCurve.create(kind, 3, 5);
        assertThat(curve.kind()).isEqualTo(kind);
        assertThat(curve.dimensions()).isEqualTo(3);
        assertThat(curve.bitsPerDimension()).isEqualTo(5);
        assertThat(curve.coordinates(curve.index(31, 0, 17))).containsExactly(31, 0, 17);
    }

    /**
     * What clustering is for: cut the curve into "files" of consecutive cells, not aligned to the curve's
     * cubes, and measure the ranges their min/max statistics describe. A query with an equality filter on
     * one column reads the files whose range on that column contains the value: the wider a file's range,
     * the more often it is read. Measured as the average range width over files and columns, Hilbert must
     * beat Z-order, and both must beat the lexicographic order (narrow on the first column, but wide on the
     * others). Hilbert files also cover the smallest boxes.
     */
    @Test
    void testFilesCoverNarrowerRangesAlongHilbert()
    {
        int dimensions = 3;
        int bits = 5;
        int cellsPerFile = 100;
        Map<CurveKind, Double> averageWidth = new EnumMap<>(CurveKind.class);
        Map<CurveKind, Double> averageVolume = new EnumMap<>(CurveKind.class);
        for (CurveKind kind : CurveKind.values()) {
            SpaceFillingCurve curve = SpaceFillingCurve.create(kind, dimensions, bits);
            List<long[]> cells = walkBijectively(dimensions, bits, position -> curve.coordinates(CurveIndex.of(position)), cell -> curve.index(cell).low());
            long totalWidth = 0;
            long totalVolume = 0;
            int files = 0;
            for (int start = 0; start + cellsPerFile <= cells.size(); start += cellsPerFile) {
                long[] widths = rangeWidths(cells.subList(start, start + cellsPerFile));
                totalWidth += LongStream.of(widths).sum();
                totalVolume += LongStream.of(widths).reduce(1, Math::multiplyExact);
                files++;
            }
            averageWidth.put(kind, (double) totalWidth / (files * dimensions));
            averageVolume.put(kind, (double) totalVolume / files);
        }

        assertThat(averageWidth.get(CurveKind.HILBERT)).isLessThan(averageWidth.get(CurveKind.ZORDER));
        assertThat(averageWidth.get(CurveKind.ZORDER)).isLessThan(averageWidth.get(CurveKind.LINEAR));
        assertThat(averageVolume.get(CurveKind.HILBERT))
                .isLessThan(averageVolume.get(CurveKind.ZORDER))
                .isLessThan(averageVolume.get(CurveKind.LINEAR))
                // a file of 100 cells cannot cover fewer than 100 cells
                .isGreaterThanOrEqualTo(cellsPerFile);
    }

    /** For each dimension, the number of grid values between the smallest and largest coordinate of the cells. */
    private static long[] rangeWidths(List<long[]> cells)
    {
        int dimensions = cells.getFirst().length;
        long[] widths = new long[dimensions];
        for (int dimension = 0; dimension < dimensions; dimension++) {
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (long[] cell : cells) {
                min = Math.min(min, cell[dimension]);
                max = Math.max(max, cell[dimension]);
            }
            widths[dimension] = max - min + 1;
        }
        return widths;
    }
}
