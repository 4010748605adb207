package dev.lakehouse.trino.metadatatables;

import com.google.common.collect.ImmutableList;
import io.trino.spi.Page;
import io.trino.spi.PageBuilder;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.FixedPageSource;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;

import java.util.List;
import java.util.function.BiConsumer;

import static java.util.Objects.requireNonNull;

/**
 * A metadata table: computed on the coordinator from what the log holds.
 */
abstract class MetadataTable
        implements SystemTable
{
    private final SchemaTableName name;
    private final List<ColumnMetadata> columns;

    MetadataTable(SchemaTableName name, List<ColumnMetadata> columns)
    {
        this.name = requireNonNull(name, "name is null");
        this.columns = ImmutableList.copyOf(columns);
    }

    @Override
    public final Distribution getDistribution()
    {
        return Distribution.SINGLE_COORDINATOR;
    }

    @Override
    public final ConnectorTableMetadata getTableMetadata()
    {
        return new ConnectorTableMetadata(name, columns);
    }

    final List<ColumnMetadata> columns()
    {
        return columns;
    }

    /**
     * The pages of a row per item, each written by {@code writeRow} into the page builder (after its position is
     * declared).
     */
    final <T> ConnectorPageSource pages(Iterable<T> items, BiConsumer<PageBuilder, T> writeRow)
    {
        PageBuilder page = new PageBuilder(columns.stream().map(ColumnMetadata::getType).toList());
        ImmutableList.Builder<Page> pages = ImmutableList.builder();
        for (T item : items) {
            page.declarePosition();
            writeRow.accept(page, item);
            if (page.isFull()) {
                pages.add(page.build());
                page.reset();
            }
        }
        if (!page.isEmpty()) {
            pages.add(page.build());
        }
        return new FixedPageSource(pages.build());
    }
}
