package dev.lakehouse.transactionlog.deletionvectors;

import org.roaringbitmap.RoaringBitmap;

import java.util.Arrays;
import java.util.Objects;
import java.util.PrimitiveIterator;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * The positions of the rows a deletion vector deletes from a data file: 64-bit positions kept as 32-bit roaring
 * bitmaps by their high 32 bits, as the protocol's RoaringBitmapArray holds them.
 */
public final class DeletedRows
{
    public static final DeletedRows NONE = new DeletedRows(new RoaringBitmap[0]);

    private final RoaringBitmap[] bitmapsByHighBits;
    private final long cardinality;

    DeletedRows(RoaringBitmap[] bitmapsByHighBits)
    {
        this.bitmapsByHighBits = requireNonNull(bitmapsByHighBits, "bitmapsByHighBits is null");
        this.cardinality = Arrays.stream(bitmapsByHighBits).filter(Objects::nonNull).mapToLong(RoaringBitmap::getLongCardinality).sum();
    }

    public boolean contains(long position)
    {
        int high = (int) (position >>> 32);
        return high < bitmapsByHighBits.length && bitmapsByHighBits[high] != null && bitmapsByHighBits[high].contains((int) position);
    }

    public long cardinality()
    {
        return cardinality;
    }

    public boolean isEmpty()
    {
        return cardinality == 0;
    }

    /**
     * These rows and the given positions.
     */
    public DeletedRows with(PrimitiveIterator.OfLong positions)
    {
        RoaringBitmap[] bitmaps = new RoaringBitmap[bitmapsByHighBits.length];
        for (int high = 0; high < bitmaps.length; high++) {
            bitmaps[high] = bitmapsByHighBits[high] == null ? null : bitmapsByHighBits[high].clone();
        }
        while (positions.hasNext()) {
            long position = positions.nextLong();
            checkArgument(position >= 0, "row positions are not negative: %s", position);
            int high = (int) (position >>> 32);
            if (high >= bitmaps.length) {
                bitmaps = Arrays.copyOf(bitmaps, high + 1);
            }
            if (bitmaps[high] == null) {
                bitmaps[high] = new RoaringBitmap();
            }
            bitmaps[high].add((int) position);
        }
        return new DeletedRows(bitmaps);
    }

    /**
     * The bitmaps by their high 32 bits (null where a range has no row), for serializing.
     */
    RoaringBitmap[] bitmapsByHighBits()
    {
        return bitmapsByHighBits;
    }
}
