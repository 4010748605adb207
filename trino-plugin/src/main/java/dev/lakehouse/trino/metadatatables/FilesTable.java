package dev.lakehouse.trino.metadatatables;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import dev.lakehouse.trino.FileRows;
import io.trino.spi.PageBuilder;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.MapType;
import io.trino.spi.type.TypeManager;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code SELECT * FROM "t$files"}: a row per data file of the latest version, from its {@code add} action alone: the
 * path as the log names it, partition values, size, rows (those a deletion vector hides counted apart), when it was
 * written, the min, max and null count of each column as its statistics hold them (by column name, as text), and
 * its tags (a clustering run's curve and key ranges among them). Columns are named by their logical names.
 */
final class FilesTable
        extends MetadataTable
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TableSnapshot snapshot;
    private final Map<String, String> logicalNames;

    /**
     * @param logicalNames column name by physical name (they differ under column mapping)
     */
    FilesTable(SchemaTableName name, TableSnapshot snapshot, Map<String, String> logicalNames, TypeManager typeManager)
    {
        super(name, columns(MapBlocks.stringMap(typeManager)));
        this.snapshot = requireNonNull(snapshot, "snapshot is null");
        this.logicalNames = Map.copyOf(logicalNames);
    }

    private static List<ColumnMetadata> columns(MapType stringMap)
    {
        return ImmutableList.of(
                new ColumnMetadata("path", VARCHAR),
                new ColumnMetadata("partition_values", stringMap),
                new ColumnMetadata("file_size_in_bytes", BIGINT),
                new ColumnMetadata("record_count", BIGINT),
                new ColumnMetadata("deleted_rows", BIGINT),
                new ColumnMetadata("modification_time", TIMESTAMP_TZ_MILLIS),
                new ColumnMetadata("min_values", stringMap),
                new ColumnMetadata("max_values", stringMap),
                new ColumnMetadata("null_counts", stringMap),
                new ColumnMetadata("tags", stringMap));
    }

    @Override
    public ConnectorPageSource pageSource(ConnectorTransactionHandle transactionHandle, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        return pages(snapshot.activeFiles(), this::addRow);
    }

    private void addRow(PageBuilder page, AddFileEntry file)
    {
        VARCHAR.writeString(page.getBlockBuilder(0), file.path());
        Map<String, String> partitionValues = new HashMap<>();
        file.partitionValues().forEach((column, value) -> partitionValues.put(logicalName(column), value));
        MapBlocks.writeStringMap(page.getBlockBuilder(1), partitionValues);
        BIGINT.writeLong(page.getBlockBuilder(2), file.size());
        writeLong(page.getBlockBuilder(3), FileRows.physical(file));
        writeLong(page.getBlockBuilder(4), Optional.of(file.deletionVector().map(DeletionVectorDescriptor::cardinality).orElse(0L)));
        TIMESTAMP_TZ_MILLIS.writeLong(page.getBlockBuilder(5), packDateTimeWithZone(file.modificationTime(), UTC_KEY));
        JsonNode statistics = statistics(file);
        MapBlocks.writeStringMap(page.getBlockBuilder(6), values(statistics.path("minValues")));
        MapBlocks.writeStringMap(page.getBlockBuilder(7), values(statistics.path("maxValues")));
        MapBlocks.writeStringMap(page.getBlockBuilder(8), values(statistics.path("nullCount")));
        MapBlocks.writeStringMap(page.getBlockBuilder(9), file.tags());
    }

    private static JsonNode statistics(AddFileEntry file)
    {
        if (file.stats().isEmpty()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(file.stats().get());
        }
        catch (JsonProcessingException e) {
            // a writer's broken statistics are no statistics, as for pruning
            return JSON.createObjectNode();
        }
    }

    /**
     * The statistics of each column by its logical name; those of a row column's fields as {@code column.field}.
     */
    private Map<String, String> values(JsonNode byColumn)
    {
        Map<String, String> values = new HashMap<>();
        byColumn.properties().forEach(entry -> flatten(logicalName(entry.getKey()), entry.getValue(), values));
        return values;
    }

    private static void flatten(String path, JsonNode value, Map<String, String> values)
    {
        if (value.isObject()) {
            value.properties().forEach(entry -> flatten(path + "." + entry.getKey(), entry.getValue(), values));
        }
        else {
            values.put(path, value.isNull() ? null : value.asText());
        }
    }

    private String logicalName(String physicalName)
    {
        return logicalNames.getOrDefault(physicalName, physicalName);
    }

    private static void writeLong(BlockBuilder builder, Optional<Long> value)
    {
        value.ifPresentOrElse(number -> BIGINT.writeLong(builder, number), builder::appendNull);
    }
}
