package dev.lakehouse.layout;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.lakehouse.layout.SpaceFillingCurve.MAX_BITS_PER_DIMENSION;
import static dev.lakehouse.layout.SpaceFillingCurve.MAX_DIMENSIONS;
import static dev.lakehouse.layout.SpaceFillingCurve.MAX_INDEX_BITS;
import static java.util.Objects.requireNonNull;

/**
 * Where each bit of each of {@code dimensions} values of {@code bits} bits goes in a 128-bit
 * {@link CurveIndex}, and the packing and unpacking of those bits.
 *
 * <p>Why masks: each value's bits land at fixed positions of the index, so one mask per value and half
 * of the index says where they go, and {@link Long#expand} / {@link Long#compress} move all of them at
 * once (single PDEP/PEXT instructions on x86 with BMI2) instead of one bit at a time. A value's bits may
 * straddle the two halves: its lowest {@code lowBitCounts[d]} bits go to the low half, the rest to the
 * high half.
 *
 * <p>The same class gives the bit interleaving of Z-order and of the Hilbert curve's transposed form, and
 * the concatenation of the linear order; it also validates the grid shape, coordinates and indexes for
 * all three.
 */
final class BitLayout
{
    private final int dimensions;
    private final int bits;
    private final long maxCoordinate;
    private final long[] lowMasks;
    private final long[] highMasks;
    private final int[] lowBitCounts;
    private final long validLowBits;
    private final long validHighBits;

    /**
     * Bit {@code level} (0 = least significant) of value {@code d} goes to index bit
     * {@code level * dimensions + (dimensions - 1 - d)}: the top bits of all values come first, value 0
     * before value 1.
     */
    static BitLayout interleaved(int dimensions, int bits)
    {
        return new BitLayout(dimensions, bits, (dimension, level) -> level * dimensions + (dimensions - 1 - dimension));
    }

    /** Value 0 takes the most significant {@code bits} bits of the index, value 1 the next ones, and so on. */
    static BitLayout concatenated(int dimensions, int bits)
    {
        return new BitLayout(dimensions, bits, (dimension, level) -> (dimensions - 1 - dimension) * bits + level);
    }

    private BitLayout(int dimensions, int bits, BitPosition position)
    {
        checkArgument(dimensions >= 1 && dimensions <= MAX_DIMENSIONS,
                "a curve has 1 to %s dimensions (clustering columns), got %s", MAX_DIMENSIONS, dimensions);
        checkArgument(bits >= 1 && bits <= MAX_BITS_PER_DIMENSION,
                "a curve has 1 to %s bits per dimension, got %s", MAX_BITS_PER_DIMENSION, bits);
        checkArgument(dimensions * bits <= MAX_INDEX_BITS,
                "%s dimensions of %s bits need %s bits, but a curve index has %s: use fewer bits per dimension",
                dimensions, bits, dimensions * bits, MAX_INDEX_BITS);
        this.dimensions = dimensions;
        this.bits = bits;
        this.maxCoordinate = -1L >>> (Long.SIZE - bits);
        this.lowMasks = new long[dimensions];
        this.highMasks = new long[dimensions];
        this.lowBitCounts = new int[dimensions];
        long validLow = 0;
        long validHigh = 0;
        for (int dimension = 0; dimension < dimensions; dimension++) {
            for (int level = 0; level < bits; level++) {
                int target = position.of(dimension, level);
                if (target < Long.SIZE) {
                    checkArgument(lowBitCounts[dimension] == level, "positions of a value's bits must increase with their level");
                    lowMasks[dimension] |= 1L << target;
                    lowBitCounts[dimension]++;
                }
                else {
                    highMasks[dimension] |= 1L << (target - Long.SIZE);
                }
            }
            checkArgument((validLow & lowMasks[dimension]) == 0 && (validHigh & highMasks[dimension]) == 0, "two values share an index bit");
            validLow |= lowMasks[dimension];
            validHigh |= highMasks[dimension];
        }
        this.validLowBits = validLow;
        this.validHighBits = validHigh;
    }

    int dimensions()
    {
        return dimensions;
    }

    int bits()
    {
        return bits;
    }

    void checkCoordinates(long[] coordinates)
    {
        requireNonNull(coordinates, "coordinates is null");
        checkArgument(coordinates.length == dimensions, "expected %s coordinates, one per dimension, got %s", dimensions, coordinates.length);
        for (int dimension = 0; dimension < dimensions; dimension++) {
            if ((coordinates[dimension] & ~maxCoordinate) != 0) {
                throw new IllegalArgumentException("coordinate %s is %s, outside the grid of %s bits per dimension (0 to %s)"
                        .formatted(dimension, Long.toUnsignedString(coordinates[dimension]), bits, Long.toUnsignedString(maxCoordinate)));
            }
        }
    }

    /** Packs {@code values}, which must already be checked by {@link #checkCoordinates}. */
    CurveIndex pack(long[] values)
    {
        if (validHighBits == 0) {
            long low = 0;
            for (int dimension = 0; dimension < dimensions; dimension++) {
                low |= Long.expand(values[dimension], lowMasks[dimension]);
            }
            return new CurveIndex(0, low);
        }
        long low = 0;
        long high = 0;
        for (int dimension = 0; dimension < dimensions; dimension++) {
            long value = values[dimension];
            low |= Long.expand(value, lowMasks[dimension]);
            // when all 64 bits are in the low half, the shift is by 64 (a no-op in Java), but the high mask is 0
            high |= Long.expand(value >>> lowBitCounts[dimension], highMasks[dimension]);
        }
        return new CurveIndex(high, low);
    }

    /** The values packed in {@code index}, in a new array. */
    long[] unpack(CurveIndex index)
    {
        requireNonNull(index, "index is null");
        long low = index.low();
        long high = index.high();
        if ((low & ~validLowBits) != 0 || (high & ~validHighBits) != 0) {
            throw new IllegalArgumentException("index %s is beyond the end of a curve of %s dimensions of %s bits (%s bits in all)"
                    .formatted(index, dimensions, bits, dimensions * bits));
        }
        long[] values = new long[dimensions];
        if (validHighBits == 0) {
            for (int dimension = 0; dimension < dimensions; dimension++) {
                values[dimension] = Long.compress(low, lowMasks[dimension]);
            }
            return values;
        }
        for (int dimension = 0; dimension < dimensions; dimension++) {
            values[dimension] = Long.compress(low, lowMasks[dimension])
                    | (Long.compress(high, highMasks[dimension]) << lowBitCounts[dimension]);
        }
        return values;
    }

    @FunctionalInterface
    private interface BitPosition
    {
        int of(int dimension, int level);
    }
}
