package dev.lakehouse.layout;

/**
 * The orders a clustering rewrite can sort rows by. All three map the same grid coordinates to a
 * {@link CurveIndex}, so a planner can switch between them, and measure the difference, without any
 * other change.
 */
public enum CurveKind
{
    /**
     * Hilbert curve: consecutive indexes are neighbouring cells, so a range of rows (one output file)
     * covers a compact box and min/max pruning works on every clustered column. The default.
     */
    HILBERT,
    /**
     * Z-order (Morton) curve: cheaper to compute, but it jumps across the grid at every power-of-two
     * boundary, so files cover longer, thinner boxes than with {@link #HILBERT}.
     */
    ZORDER,
    /**
     * Lexicographic order (first column, then second, ...): what a plain {@code ORDER BY} gives. Only
     * the first column prunes well; kept as the baseline the curves must beat.
     */
    LINEAR,
}
