package dev.lakehouse.trino.metadatatables;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.AddedVersions;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.MapType;
import io.trino.spi.type.TypeManager;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

import static io.airlift.slice.Slices.utf8Slice;
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
 * its tags (a clustering run's curve and key ranges among them), and the version whose commit added it. Columns are
 * named by their logical names. The added versions need the commits, not only the checkpoint: they are read only when
 * a query reads that column.
 */
final class FilesTable
        extends MetadataTable
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PATH = 0;
    private static final int VERSION_ADDED = 10;
    private static final int ROWS_PER_PAGE = 4096;

    private final TableSnapshot snapshot;
    private final Map<String, String> logicalNames;
    private final Supplier<AddedVersions> addedVersions;
    private final FilePagesCache builtPages;

    /**
     * @param logicalNames column name by physical name (they differ under column mapping)
     */
    FilesTable(SchemaTableName name, TableSnapshot snapshot, Map<String, String> logicalNames, Supplier<AddedVersions> addedVersions, FilePagesCache builtPages, TypeManager typeManager)
    {
        this.builtPages = requireNonNull(builtPages, "builtPages is null");
        super(name, columns(MapBlocks.stringMap(typeManager)));
        this.snapshot = requireNonNull(snapshot, "snapshot is null");
        this.logicalNames = Map.copyOf(logicalNames);
        this.addedVersions = Suppliers.memoize(addedVersions::get);
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
                new ColumnMetadata("tags", stringMap),
                new ColumnMetadata("version_added", BIGINT));
    }

    @Override
    public ConnectorPageSource pageSource(ConnectorTransactionHandle transactionHandle, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        Domain paths = constraint.getDomains().map(domains -> domains.get(PATH)).orElse(null);
        // a lookup by path builds its few rows; a scan of all files reuses the pages built for this snapshot before
        List<FilePage> filePages = paths == null
                ? builtPages.get(snapshot, () -> filePages(snapshot.activeFiles()))
                : filePages(snapshot.activeFiles().stream().filter(file -> paths.includesNullableValue(utf8Slice(file.path()))).toList());
        return new SourcePages(filePages.stream()
                .map(filePage -> (SourcePage) new DeferredColumnPage(filePage.page(), () -> versionAddedBlock(filePage.files())))
                .toList());
    }

    /**
     * Rows of {@code $files} for some files, without {@code version_added}.
     */
    record FilePage(List<AddFileEntry> files, Page page) {}

    private List<FilePage> filePages(List<AddFileEntry> files)
    {
        ImmutableList.Builder<FilePage> pages = ImmutableList.builder();
        for (int start = 0; start < files.size(); start += ROWS_PER_PAGE) {
            List<AddFileEntry> chunk = files.subList(start, Math.min(files.size(), start + ROWS_PER_PAGE));
            // the statistics are parsed once, for the columns that need them
            List<JsonNode> statistics = chunk.stream().map(FilesTable::statistics).toList();
            Block[] blocks = new Block[VERSION_ADDED];
            for (int channel = 0; channel < VERSION_ADDED; channel++) {
                blocks[channel] = block(channel, chunk, statistics);
            }
            pages.add(new FilePage(chunk, new Page(chunk.size(), blocks)));
        }
        return pages.build();
    }

    private Block block(int channel, List<AddFileEntry> files, List<JsonNode> statistics)
    {
        BlockBuilder builder = columns().get(channel).getType().createBlockBuilder(null, files.size());
        for (int row = 0; row < files.size(); row++) {
            AddFileEntry file = files.get(row);
            switch (channel) {
                case PATH -> VARCHAR.writeString(builder, file.path());
                case 1 -> {
                    Map<String, String> partitionValues = new HashMap<>();
                    file.partitionValues().forEach((column, value) -> partitionValues.put(logicalName(column), value));
                    MapBlocks.writeStringMap(builder, partitionValues);
                }
                case 2 -> BIGINT.writeLong(builder, file.size());
                case 3 -> {
                    JsonNode records = statistics.get(row).path("numRecords");
                    if (records.isIntegralNumber()) {
                        BIGINT.writeLong(builder, records.asLong());
                    }
                    else {
                        builder.appendNull();
                    }
                }
                case 4 -> BIGINT.writeLong(builder, file.deletionVector().map(DeletionVectorDescriptor::cardinality).orElse(0L));
                case 5 -> TIMESTAMP_TZ_MILLIS.writeLong(builder, packDateTimeWithZone(file.modificationTime(), UTC_KEY));
                case 6 -> MapBlocks.writeStringMap(builder, values(statistics.get(row).path("minValues")));
                case 7 -> MapBlocks.writeStringMap(builder, values(statistics.get(row).path("maxValues")));
                case 8 -> MapBlocks.writeStringMap(builder, values(statistics.get(row).path("nullCount")));
                case 9 -> MapBlocks.writeStringMap(builder, file.tags());
                default -> throw new IllegalArgumentException("No column " + channel);
            }
        }
        return builder.build();
    }

    private Block versionAddedBlock(List<AddFileEntry> files)
    {
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(getClass().getClassLoader())) {
            AddedVersions versions = addedVersions.get();
            BlockBuilder builder = BIGINT.createBlockBuilder(null, files.size());
            for (AddFileEntry file : files) {
                OptionalLong version = versions.versionAdded(file.path());
                if (version.isPresent()) {
                    BIGINT.writeLong(builder, version.getAsLong());
                }
                else {
                    builder.appendNull();
                }
            }
            return builder.build();
        }
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
}
