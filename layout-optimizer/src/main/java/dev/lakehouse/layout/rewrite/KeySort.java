package dev.lakehouse.layout.rewrite;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Sorts rows by an unsigned 128-bit key held in parallel primitive arrays: {@code high[i]}, {@code low[i]}
 * and the row reference {@code rows[i]} move together.
 *
 * <p>Why a hand-written merge sort over parallel arrays: the JDK sorts primitives only by their natural
 * order and objects only through a comparator, so sorting millions of rows as {@code (key, row)} objects
 * would allocate one object per row. Moving the keys with the references keeps the comparisons on
 * sequential memory instead of jumping through an index into the keys.
 */
final class KeySort
{
    private static final int INSERTION_SORT_LENGTH = 32;

    private KeySort() {}

    /** Sorts the first {@code length} entries in ascending unsigned {@code (high, low)} order. */
    static void sort(long[] high, long[] low, long[] rows, int length)
    {
        checkArgument(length >= 0 && length <= high.length && length <= low.length && length <= rows.length, "length %s out of bounds", length);
        if (length <= 1) {
            return;
        }
        // flipping the sign bit turns unsigned order into signed order: one signed comparison per long
        for (int i = 0; i < length; i++) {
            high[i] ^= Long.MIN_VALUE;
            low[i] ^= Long.MIN_VALUE;
        }
        for (int start = 0; start < length; start += INSERTION_SORT_LENGTH) {
            insertionSort(high, low, rows, start, Math.min(start + INSERTION_SORT_LENGTH, length));
        }
        long[] sourceHigh = high;
        long[] sourceLow = low;
        long[] sourceRows = rows;
        long[] targetHigh = new long[length];
        long[] targetLow = new long[length];
        long[] targetRows = new long[length];
        for (int width = INSERTION_SORT_LENGTH; width < length; width *= 2) {
            for (int start = 0; start < length; start += 2 * width) {
                int middle = Math.min(start + width, length);
                int end = Math.min(start + 2 * width, length);
                merge(sourceHigh, sourceLow, sourceRows, targetHigh, targetLow, targetRows, start, middle, end);
            }
            long[] swap = sourceHigh;
            sourceHigh = targetHigh;
            targetHigh = swap;
            swap = sourceLow;
            sourceLow = targetLow;
            targetLow = swap;
            swap = sourceRows;
            sourceRows = targetRows;
            targetRows = swap;
        }
        if (sourceHigh != high) {
            System.arraycopy(sourceHigh, 0, high, 0, length);
            System.arraycopy(sourceLow, 0, low, 0, length);
            System.arraycopy(sourceRows, 0, rows, 0, length);
        }
        for (int i = 0; i < length; i++) {
            high[i] ^= Long.MIN_VALUE;
            low[i] ^= Long.MIN_VALUE;
        }
    }

    private static void insertionSort(long[] high, long[] low, long[] rows, int start, int end)
    {
        for (int i = start + 1; i < end; i++) {
            long h = high[i];
            long l = low[i];
            long r = rows[i];
            int j = i - 1;
            while (j >= start && greater(high[j], low[j], h, l)) {
                high[j + 1] = high[j];
                low[j + 1] = low[j];
                rows[j + 1] = rows[j];
                j--;
            }
            high[j + 1] = h;
            low[j + 1] = l;
            rows[j + 1] = r;
        }
    }

    private static void merge(long[] high, long[] low, long[] rows, long[] targetHigh, long[] targetLow, long[] targetRows, int start, int middle, int end)
    {
        int left = start;
        int right = middle;
        int target = start;
        while (left < middle && right < end) {
            // take from the left on ties: stable
            if (greater(high[left], low[left], high[right], low[right])) {
                targetHigh[target] = high[right];
                targetLow[target] = low[right];
                targetRows[target++] = rows[right++];
            }
            else {
                targetHigh[target] = high[left];
                targetLow[target] = low[left];
                targetRows[target++] = rows[left++];
            }
        }
        int leftRemaining = middle - left;
        System.arraycopy(high, left, targetHigh, target, leftRemaining);
        System.arraycopy(low, left, targetLow, target, leftRemaining);
        System.arraycopy(rows, left, targetRows, target, leftRemaining);
        target += leftRemaining;
        int rightRemaining = end - right;
        System.arraycopy(high, right, targetHigh, target, rightRemaining);
        System.arraycopy(low, right, targetLow, target, rightRemaining);
        System.arraycopy(rows, right, targetRows, target, rightRemaining);
    }

    /** Signed comparison of sign-flipped keys. */
    private static boolean greater(long leftHigh, long leftLow, long rightHigh, long rightLow)
    {
        return leftHigh > rightHigh || (leftHigh == rightHigh && leftLow > rightLow);
    }
}
