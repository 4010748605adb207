package dev.lakehouse.layout;

/**
 * A curve whose index is the coordinates' bits packed in a {@link BitLayout}: Z-order and linear order pack
 * the coordinates as they are, the Hilbert curve transforms them first ({@link #toPacked}, {@link #fromPacked}).
 */
public abstract sealed class BitPackedCurve
        implements SpaceFillingCurve
        permits HilbertIndex, ZOrderIndex, LinearOrder
{
    private final CurveKind kind;
    final BitLayout layout;

    BitPackedCurve(CurveKind kind, BitLayout layout)
    {
        this.kind = kind;
        this.layout = layout;
    }

    @Override
    public final CurveKind kind()
    {
        return kind;
    }

    @Override
    public final int dimensions()
    {
        return layout.dimensions();
    }

    @Override
    public final int bitsPerDimension()
    {
        return layout.bits();
    }

    @Override
    public final CurveIndex index(long... coordinates)
    {
        layout.checkCoordinates(coordinates);
        return layout.pack(toPacked(coordinates));
    }

    @Override
    public final long[] coordinates(CurveIndex index)
    {
        return fromPacked(layout.unpack(index));
    }

    /**
     * The values whose bits the layout packs into the index; must not modify {@code coordinates}.
     */
    protected long[] toPacked(long[] coordinates)
    {
        return coordinates;
    }

    /**
     * The inverse of {@link #toPacked}; may work in place on {@code packed}.
     */
    protected long[] fromPacked(long[] packed)
    {
        return packed;
    }
}
