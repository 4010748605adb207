package dev.lakehouse.transactionlog.deletionvectors;

import org.roaringbitmap.RoaringBitmap;

import java.util.Arrays;
import java.util.Objects;

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
}
