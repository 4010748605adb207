package dev.lakehouse.layout;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A position along a space-filling curve: an unsigned integer of up to 128 bits, held as two longs.
 *
 * <p>Why two longs: 8 columns of 16 bits need 128 bits, more than one {@code long} holds. A
 * {@code BigInteger} would allocate several objects per row and compare slowly on the per-row path of a
 * clustering rewrite; two longs compare with two unsigned comparisons and cost one small allocation (often
 * none, after escape analysis). When a curve uses at most 64 bits, {@link #high()} is always 0 and
 * {@link #low()} alone orders rows. {@link #toBytes()} gives 16 big-endian bytes whose unsigned byte-wise
 * order is the same, so the key can also be carried as a {@code varbinary} sort column.
 *
 * @param high the upper 64 bits, unsigned
 * @param low the lower 64 bits, unsigned
 */
public record CurveIndex(long high, long low)
        implements Comparable<CurveIndex>
{
    public static final int BYTES = 2 * Long.BYTES;
    public static final CurveIndex ZERO = new CurveIndex(0, 0);

    /** The index {@code low}, read as an unsigned 64-bit number. */
    public static CurveIndex of(long low)
    {
        return new CurveIndex(0, low);
    }

    public static CurveIndex fromBytes(byte[] bytes)
    {
        requireNonNull(bytes, "bytes is null");
        checkArgument(bytes.length == BYTES, "a curve index has %s bytes, got %s", BYTES, bytes.length);
        return new CurveIndex(readLong(bytes, 0), readLong(bytes, Long.BYTES));
    }

    /** Unsigned numeric order: the order of rows along the curve. */
    @Override
    public int compareTo(CurveIndex other)
    {
        int result = Long.compareUnsigned(high, other.high);
        if (result != 0) {
            return result;
        }
        return Long.compareUnsigned(low, other.low);
    }

    /** Big-endian bytes; compared as unsigned bytes they sort like {@link #compareTo}. */
    public byte[] toBytes()
    {
        byte[] bytes = new byte[BYTES];
        writeLong(bytes, 0, high);
        writeLong(bytes, Long.BYTES, low);
        return bytes;
    }

    @Override
    public String toString()
    {
        return "0x%016x%016x".formatted(high, low);
    }

    private static long readLong(byte[] bytes, int offset)
    {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << Byte.SIZE) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }

    private static void writeLong(byte[] bytes, int offset, long value)
    {
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            bytes[offset + i] = (byte) value;
            value >>>= Byte.SIZE;
        }
    }
}
