package dev.lakehouse.trino.write;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.layout.CurveIndex;
import dev.lakehouse.layout.CurveKind;
import dev.lakehouse.layout.RankNormalizer;
import dev.lakehouse.layout.SpaceFillingCurve;
import dev.lakehouse.stats.ValueOrdering;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.type.Type;

import java.util.ArrayList;
import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static io.trino.spi.type.TypeUtils.readNativeValue;

/**
 * Computes the space-filling-curve key of each row: every clustering column's value becomes a grid coordinate by
 * its rank among a sample of the column (so skewed data still spreads over the grid), and the coordinates a
 * position along the curve.
 */
final class CurveKeys
{
    // the sample gives at most this many distinct boundaries per column: far more cells than files
    static final int SAMPLE_SIZE = 1 << 14;

    private final List<Integer> channels;
    private final List<Type> types;
    private final List<RankNormalizer<Object>> normalizers;
    private final SpaceFillingCurve curve;

    private CurveKeys(List<Integer> channels, List<Type> types, List<RankNormalizer<Object>> normalizers, SpaceFillingCurve curve)
    {
        this.channels = channels;
        this.types = types;
        this.normalizers = normalizers;
        this.curve = curve;
    }

    /**
     * Keys whose grid is cut at the quantiles of the clustering columns in {@code pages} (evenly spaced rows of them).
     */
    static CurveKeys fromSample(List<Page> pages, List<Integer> channels, List<Type> types, CurveKind kind)
    {
        checkArgument(channels.size() == types.size(), "channels and types differ in size");
        int dimensions = channels.size();
        int bits = Math.min(Integer.numberOfTrailingZeros(SAMPLE_SIZE), Math.min(RankNormalizer.MAX_BITS, SpaceFillingCurve.MAX_INDEX_BITS / dimensions));
        long rows = pages.stream().mapToLong(Page::getPositionCount).sum();
        long stride = Math.max(1, rows / SAMPLE_SIZE);

        ImmutableList.Builder<RankNormalizer<Object>> normalizers = ImmutableList.builder();
        for (int column = 0; column < dimensions; column++) {
            Type type = types.get(column);
            List<Object> sample = new ArrayList<>();
            long row = 0;
            for (Page page : pages) {
                Block block = page.getBlock(channels.get(column));
                for (int position = 0; position < page.getPositionCount(); position++, row++) {
                    if (row % stride == 0 && !block.isNull(position)) {
                        sample.add(readNativeValue(type, block, position));
                    }
                }
            }
            normalizers.add(RankNormalizer.fromSample(sample, ValueOrdering.comparator(type), bits));
        }
        return new CurveKeys(ImmutableList.copyOf(channels), ImmutableList.copyOf(types), normalizers.build(), SpaceFillingCurve.create(kind, dimensions, bits));
    }

    /**
     * The value's rank coordinate stretched over the whole axis: a column with few distinct values (fewer boundaries
     * than grid cells) would otherwise sit in a thin strip of the grid, which the curve crosses in whole strips.
     */
    private long spread(RankNormalizer<Object> normalizer, Object value)
    {
        long buckets = normalizer.boundaries().size() + 1L;
        return (normalizer.coordinate(value) << normalizer.bitsPerDimension()) / buckets;
    }

    /**
     * Writes the key of each row of {@code page} into {@code high} and {@code low}.
     */
    void compute(Page page, long[] high, long[] low)
    {
        long[] coordinates = new long[channels.size()];
        for (int position = 0; position < page.getPositionCount(); position++) {
            for (int column = 0; column < coordinates.length; column++) {
                Block block = page.getBlock(channels.get(column));
                Object value = block.isNull(position) ? null : readNativeValue(types.get(column), block, position);
                coordinates[column] = spread(normalizers.get(column), value);
            }
            CurveIndex index = curve.index(coordinates);
            high[position] = index.high();
            low[position] = index.low();
        }
    }
}
