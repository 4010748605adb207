package dev.lakehouse.trino.read;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.trino.LakehouseColumnHandle;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.RunLengthEncodedBlock;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.FixedPageSource;

import java.util.List;
import java.util.Map;

import static io.trino.spi.predicate.Utils.nativeValueToBlock;

/**
 * The rows of a data file when no data column is read: as many rows as the log's statistics count, each holding
 * the file's partition values and file columns, produced without opening the file.
 */
final class RowCountPageSource
{
    private static final int ROWS_PER_PAGE = 1 << 20;

    private RowCountPageSource() {}

    static ConnectorPageSource create(long rowCount, List<LakehouseColumnHandle> columns, Map<String, Object> values)
    {
        ImmutableList.Builder<Page> pages = ImmutableList.builder();
        for (long remaining = rowCount; remaining > 0; remaining -= ROWS_PER_PAGE) {
            int rows = (int) Math.min(remaining, ROWS_PER_PAGE);
            Block[] blocks = columns.stream()
                    .map(column -> RunLengthEncodedBlock.create(nativeValueToBlock(column.type(), values.get(column.name())), rows))
                    .toArray(Block[]::new);
            pages.add(new Page(rows, blocks));
        }
        return new FixedPageSource(pages.build());
    }
}
