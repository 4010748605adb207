package dev.lakehouse.layout;

/**
 * Lexicographic order: the index is the coordinates written one after another, dimension 0 most
 * significant, so sorting by it is {@code ORDER BY column0, column1, ...} on the rank-normalised values.
 *
 * <p>Why: it is the baseline. Files sorted this way prune well on the first column only; the layout
 * metrics compare the curves against it, and for a single clustering column it is the best order.
 */
public final class LinearOrder
        extends BitPackedCurve
{
    public LinearOrder(int dimensions, int bitsPerDimension)
    {
        super(CurveKind.LINEAR, BitLayout.concatenated(dimensions, bitsPerDimension));
    }
}
