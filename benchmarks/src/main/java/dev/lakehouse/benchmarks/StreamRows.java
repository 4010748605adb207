package dev.lakehouse.benchmarks;

import java.time.LocalDate;
import java.util.Random;
import java.util.StringJoiner;

/**
 * The rows of a stream of small commits, as {@code VALUES} lists: events with uniformly random part and supplier keys
 * (so every commit's file spans the whole range of both, as arrival-order files of a real stream do), a ship date,
 * quantity and price. The same seed gives the same rows, so every copy of the stream receives identical commits.
 */
final class StreamRows
{
    static final String COLUMNS = "id BIGINT, partkey BIGINT, suppkey BIGINT, shipdate DATE, quantity INTEGER, price DOUBLE";
    static final long PART_KEYS = 200_000;
    static final long SUPPLIER_KEYS = 10_000;

    private static final LocalDate FIRST_SHIP_DATE = LocalDate.of(1992, 1, 1);
    private static final int SHIP_DAYS = 7 * 365;

    private final Random random;
    private long nextId;

    StreamRows(long seed)
    {
        this.random = new Random(seed);
    }

    /**
     * The {@code VALUES} list of the next commit's rows.
     */
    String nextCommit(int rows)
    {
        StringJoiner values = new StringJoiner(",\n", "VALUES ", "");
        for (int row = 0; row < rows; row++) {
            long partKey = 1 + (long) (random.nextDouble() * PART_KEYS);
            long supplierKey = 1 + (long) (random.nextDouble() * SUPPLIER_KEYS);
            LocalDate shipDate = FIRST_SHIP_DATE.plusDays(random.nextInt(SHIP_DAYS));
            int quantity = 1 + random.nextInt(50);
            double price = Math.round(random.nextDouble() * 100_000) / 100.0;
            values.add("(%d, %d, %d, DATE '%s', %d, %.2f)".formatted(nextId++, partKey, supplierKey, shipDate, quantity, price));
        }
        return values.toString();
    }
}
