package dev.lakehouse.layout;

/**
 * The Hilbert curve over a grid of 1 to 8 dimensions: the default order of clustering rewrites.
 *
 * <p>Why Hilbert: consecutive indexes are always neighbouring cells (they differ by one in exactly one
 * coordinate), and every aligned sub-cube of the grid is one contiguous range of indexes. So the rows of
 * one output file, a range of indexes, fill a compact box, and a filter on any of the clustered columns
 * skips most files. Z-order shares the second property but not the first: it jumps across the grid.
 *
 * <p>How: J. Skilling's method ("Programming the Hilbert curve", AIP Conference Proceedings 707, 2004).
 * The coordinates are transformed in place, one bit level at a time from the most significant, by
 * reflections and exchanges of their lower bits, then Gray-decoded; the result is the index in
 * "transposed" form, where coordinate {@code d} holds the index bits {@code d, d + n, d + 2n, ...} counted
 * from the most significant. Interleaving those bits ({@link BitLayout#interleaved}) gives the index. The
 * inverse runs the same steps backwards. Cost is {@code O(dimensions * bits)} simple operations, with no
 * tables and no allocation besides a working copy of the coordinates and the result.
 *
 * <p>The curve starts at the origin. Its orientation is fixed by the algorithm: never change it without a
 * new {@link CurveKind}, or tables clustered before would look unclustered to the layout metrics.
 */
public final class HilbertIndex
        extends BitPackedCurve
{
    public HilbertIndex(int dimensions, int bitsPerDimension)
    {
        super(CurveKind.HILBERT, BitLayout.interleaved(dimensions, bitsPerDimension));
    }

    @Override
    protected long[] toPacked(long[] coordinates)
    {
        long[] transposed = coordinates.clone();
        axesToTransposed(transposed, layout.bits());
        return transposed;
    }

    @Override
    protected long[] fromPacked(long[] packed)
    {
        transposedToAxes(packed, layout.bits());
        return packed;
    }

    /**
     * Turns coordinates into the transposed index, in place. Loops run on the bit masks themselves, with
     * unsigned shifts and {@code !=} tests, so that 64-bit coordinates (top bit = sign bit) work too.
     */
    private static void axesToTransposed(long[] x, int bits)
    {
        int dimensions = x.length;
        long topBit = 1L << (bits - 1);
        // From the top level down, bring each sub-cube to the orientation of the curve's basic pattern:
        // where a coordinate has the level's bit set, reflect the lower bits of x[0]; otherwise exchange
        // the lower bits of x[0] and of that coordinate. Only bits below the level change, so every
        // coordinate's bit at the level can be read at any point of the level's pass.
        for (long level = topBit; level != 1; level >>>= 1) {
            long lowerBits = level - 1;
            long first = x[0];
            first ^= lowerBits & ~whereClear(first, level);
            for (int d = 1; d < dimensions; d++) {
                long other = x[d];
                long clear = whereClear(other, level);
                long exchanged = (first ^ other) & lowerBits & clear;
                first ^= exchanged ^ (lowerBits & ~clear);
                x[d] = other ^ exchanged;
            }
            x[0] = first;
        }
        // Gray-decode across dimensions: each coordinate takes the parity of itself and all before it ...
        for (int d = 1; d < dimensions; d++) {
            x[d] ^= x[d - 1];
        }
        // ... and across levels: every bit of every coordinate flips with the parity of the last
        // coordinate's bits above it.
        long flips = parityOfHigherBits(x[dimensions - 1]);
        for (int d = 0; d < dimensions; d++) {
            x[d] ^= flips;
        }
    }

    /** The inverse of {@link #axesToTransposed}, in place. */
    private static void transposedToAxes(long[] x, int bits)
    {
        int dimensions = x.length;
        // Gray-encode: undo the two parity steps.
        long flips = x[dimensions - 1] >>> 1;
        for (int d = dimensions - 1; d > 0; d--) {
            x[d] ^= x[d - 1];
        }
        x[0] ^= flips;
        // Undo the reflections and exchanges from the lowest level up, in reverse order of dimensions.
        // The loop ends after the top level: at 1 << bits, which wraps to 0 when bits is 64.
        long end = 2L << (bits - 1);
        for (long level = 2; level != end; level <<= 1) {
            long lowerBits = level - 1;
            long first = x[0];
            for (int d = dimensions - 1; d > 0; d--) {
                long other = x[d];
                long clear = whereClear(other, level);
                long exchanged = (first ^ other) & lowerBits & clear;
                first ^= exchanged ^ (lowerBits & ~clear);
                x[d] = other ^ exchanged;
            }
            x[0] = first ^ (lowerBits & ~whereClear(first, level));
        }
    }

    /**
     * All ones where {@code value} has the {@code level} bit clear, else 0: computed without a branch,
     * since the bit is random and a mispredicted branch per dimension and level would dominate the cost.
     * When the bit is set, {@code (value & level) - 1} is non-negative, even for the sign bit.
     */
    private static long whereClear(long value, long level)
    {
        return ((value & level) - 1) >> (Long.SIZE - 1);
    }

    /** Bit {@code i} of the result is the parity of the bits of {@code value} above {@code i}. */
    private static long parityOfHigherBits(long value)
    {
        long parity = value >>> 1;
        parity ^= parity >>> 1;
        parity ^= parity >>> 2;
        parity ^= parity >>> 4;
        parity ^= parity >>> 8;
        parity ^= parity >>> 16;
        parity ^= parity >>> 32;
        return parity;
    }
}
