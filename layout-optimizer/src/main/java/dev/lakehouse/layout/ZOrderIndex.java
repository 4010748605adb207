package dev.lakehouse.layout;

/**
 * The Z-order (Morton) curve: the index interleaves the coordinates' bits, most significant level first,
 * dimension 0 before dimension 1 within a level.
 *
 * <p>Why keep it next to {@link HilbertIndex}: it is what most engines call "Z-ordering", it is cheaper to
 * compute (no per-level transform), and comparing the two on real tables is how we justify Hilbert as the
 * default. Like Hilbert, every aligned sub-cube is one contiguous range of indexes; unlike Hilbert,
 * consecutive indexes can be far apart (the "Z" jumps), so files cover larger boxes.
 */
public final class ZOrderIndex
        extends BitPackedCurve
{
    public ZOrderIndex(int dimensions, int bitsPerDimension)
    {
        super(CurveKind.ZORDER, BitLayout.interleaved(dimensions, bitsPerDimension));
    }
}
