package dev.lakehouse.benchmarks;

/**
 * The rows of a stream of small commits: events with pseudo-random part and supplier keys (so every commit's file
 * spans the whole range of both, as arrival-order files of a real stream do), a ship date, quantity and price. Each
 * commit is a short {@code SELECT} over a range of event ids whose columns are hashes of the id, so it costs Trino
 * almost nothing to plan (a {@code VALUES} list of hundreds of rows costs more than the write), and the same commit
 * number gives the same rows in every copy.
 */
final class StreamRows
{
    static final String COLUMNS = "id BIGINT, partkey BIGINT, suppkey BIGINT, shipdate DATE, quantity INTEGER, price DOUBLE";
    static final long PART_KEYS = 200_000;
    static final long SUPPLIER_KEYS = 10_000;

    private static final int SHIP_DAYS = 7 * 365;

    private StreamRows() {}

    /**
     * The {@code SELECT} of commit {@code commit} (from 1): {@code rows} events with ids following the previous commit's.
     */
    static String commit(int commit, int rows)
    {
        long first = (long) (commit - 1) * rows;
        return ("SELECT id, 1 + %1$s %% %2$d, 1 + %3$s %% %4$d, date_add('day', %5$s %% %6$d, DATE '1992-01-01'), CAST(1 + %7$s %% 50 AS integer), (%8$s %% 10000000) / 100.0 "
                + "FROM UNNEST(sequence(%9$d, %10$d)) AS events(id)").formatted(
                hash(1), PART_KEYS, hash(2), SUPPLIER_KEYS, hash(3), SHIP_DAYS, hash(4), hash(5), first, first + rows - 1);
    }

    /**
     * A non-negative pseudo-random number from the event id, one independent stream per salt.
     */
    private static String hash(int salt)
    {
        return "bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(id * 8 + %d))), 9223372036854775807)".formatted(salt);
    }
}
