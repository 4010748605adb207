package dev.lakehouse.layout;

/**
 * A one-to-one map between the cells of a grid and positions on a line. Clustering sorts rows by the
 * position of their cell, so rows that end up in the same file are close on the grid, and each file's
 * min/max statistics describe a small box that most queries can skip.
 *
 * <p>The grid has {@link #dimensions()} axes (one per clustering column) of {@code 2^bitsPerDimension}
 * cells each; a coordinate is an unsigned integer of {@link #bitsPerDimension()} bits (see
 * {@link RankNormalizer} for turning column values into coordinates). Indexes use
 * {@code dimensions * bitsPerDimension <= 128} bits and are returned as a {@link CurveIndex}.
 */
public sealed interface SpaceFillingCurve
        permits BitPackedCurve
{
    /** Clustering on more columns makes each coordinate too coarse to be useful within 128 bits. */
    int MAX_DIMENSIONS = 8;
    int MAX_BITS_PER_DIMENSION = Long.SIZE;
    int MAX_INDEX_BITS = 2 * Long.SIZE;

    static SpaceFillingCurve create(CurveKind kind, int dimensions, int bitsPerDimension)
    {
        return switch (kind) {
            case HILBERT -> new HilbertIndex(dimensions, bitsPerDimension);
            case ZORDER -> new ZOrderIndex(dimensions, bitsPerDimension);
            case LINEAR -> new LinearOrder(dimensions, bitsPerDimension);
        };
    }

    CurveKind kind();

    int dimensions();

    int bitsPerDimension();

    /**
     * The position of a cell along the curve.
     *
     * @param coordinates one unsigned coordinate per dimension, each below {@code 2^bitsPerDimension};
     *         not modified
     * @throws IllegalArgumentException if the number of coordinates or a coordinate is out of range
     */
    CurveIndex index(long... coordinates);

    /**
     * The cell at a position along the curve: the inverse of {@link #index}.
     *
     * @throws IllegalArgumentException if the index has bits set above {@code dimensions * bitsPerDimension}
     */
    long[] coordinates(CurveIndex index);
}
