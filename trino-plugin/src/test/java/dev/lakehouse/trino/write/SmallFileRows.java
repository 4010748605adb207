package dev.lakehouse.trino.write;

import dev.lakehouse.trino.LakehouseColumnHandle;
import io.trino.spi.Page;
import io.trino.spi.block.BlockBuilder;

import java.util.List;

import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * Rows for writer tests that bypass the engine: unique ids, 100,000 distinct amounts and 977 labels, so that
 * dictionaries are most of each row group (the case the Parquet writer's size estimate misses most).
 */
public final class SmallFileRows
{
    public static final List<LakehouseColumnHandle> COLUMNS = List.of(
            new LakehouseColumnHandle("id", "id", BIGINT, false),
            new LakehouseColumnHandle("amount", "amount", DOUBLE, false),
            new LakehouseColumnHandle("label", "label", VARCHAR, false));

    private SmallFileRows() {}

    /**
     * The rows with ids {@code first} to {@code first + rows - 1}.
     */
    public static Page page(long first, int rows)
    {
        BlockBuilder ids = BIGINT.createBlockBuilder(null, rows);
        BlockBuilder amounts = DOUBLE.createBlockBuilder(null, rows);
        BlockBuilder labels = VARCHAR.createBlockBuilder(null, rows);
        for (long id = first; id < first + rows; id++) {
            BIGINT.writeLong(ids, id);
            DOUBLE.writeDouble(amounts, (id * 7919) % 100_000 / 100.0);
            VARCHAR.writeSlice(labels, utf8Slice("label-" + (id % 977)));
        }
        return new Page(ids.build(), amounts.build(), labels.build());
    }
}
