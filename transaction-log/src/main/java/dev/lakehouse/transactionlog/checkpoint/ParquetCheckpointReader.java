package dev.lakehouse.transactionlog.checkpoint;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.DomainMetadataEntry;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import dev.lakehouse.transactionlog.actions.TransactionEntry;
import dev.lakehouse.transactionlog.parquet.ParquetFileDataSource;
import io.airlift.slice.Slice;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoInputFile;
import io.trino.parquet.Column;
import io.trino.parquet.Field;
import io.trino.parquet.ParquetReaderOptions;
import io.trino.parquet.metadata.ParquetMetadata;
import io.trino.parquet.reader.MetadataReader;
import io.trino.parquet.reader.ParquetReader;
import io.trino.parquet.reader.RowGroupInfo;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.block.SqlMap;
import io.trino.spi.block.SqlRow;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.ColumnIO;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.schema.MessageType;
import org.joda.time.DateTimeZone;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_CORRUPT_LOG;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.ADD;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.DOMAIN_METADATA;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.METADATA;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.PROTOCOL;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.REMOVE;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.STRING_ARRAY;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.STRING_MAP;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.TXN;
import static io.trino.memory.context.AggregatedMemoryContext.newSimpleAggregatedMemoryContext;
import static io.trino.parquet.ParquetTypeUtils.constructField;
import static io.trino.parquet.ParquetTypeUtils.getColumnIO;
import static io.trino.parquet.ParquetTypeUtils.getDescriptors;
import static io.trino.parquet.ParquetTypeUtils.lookupColumnByName;
import static io.trino.parquet.predicate.PredicateUtils.buildPredicate;
import static io.trino.parquet.predicate.PredicateUtils.getFilteredRowGroups;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * Reads classic, multi-part and V2 checkpoints written by any Delta writer. Only the action columns are read;
 * fields a writer left out read as NULL, and unknown columns are ignored. An {@code add} without the JSON
 * {@code stats} string takes its statistics from the typed {@code stats_parsed}, converted to the same JSON.
 */
public final class ParquetCheckpointReader
        implements CheckpointReader
{
    private static final Map<String, RowType> ACTION_COLUMNS = Map.of("txn", TXN, "add", ADD, "remove", REMOVE, "metaData", METADATA, "protocol", PROTOCOL, "domainMetadata", DOMAIN_METADATA);

    private static final RowType SIDECAR = RowType.from(List.of(
            RowType.field("path", VARCHAR),
            RowType.field("sizeInBytes", BIGINT),
            RowType.field("modificationTime", BIGINT)));

    /**
     * Reads the parts of a classic or multi-part checkpoint, or a V2 checkpoint (one JSON or Parquet file) and the
     * sidecar files it names, which hold its {@code add} and {@code remove} actions.
     */
    @Override
    public void read(TrinoFileSystem fileSystem, List<Location> parts, Consumer<DeltaAction> consumer)
    {
        for (Location part : parts) {
            try {
                if (V2Checkpoints.isV2Checkpoint(part)) {
                    List<String> sidecars = part.fileName().endsWith(".json")
                            ? V2Checkpoints.readJson(fileSystem.newInputFile(part), consumer)
                            : readPart(fileSystem.newInputFile(part), consumer);
                    for (String sidecar : sidecars) {
                        readPart(fileSystem.newInputFile(V2Checkpoints.sidecarLocation(part, sidecar)), consumer);
                    }
                }
                else {
                    readPart(fileSystem.newInputFile(part), consumer);
                }
            }
            catch (TrinoException e) {
                throw e;
            }
            catch (IOException | RuntimeException e) {
                String reason = e instanceof FileNotFoundException ? "it is missing" : e.getMessage();
                throw new TrinoException(LAKEHOUSE_CORRUPT_LOG, "Cannot read checkpoint %s: %s. Remove the damaged checkpoint (and _last_checkpoint) so the log is replayed from its commits".formatted(part, reason), e);
            }
        }
    }

    /**
     * Sends the actions of one Parquet checkpoint file to {@code consumer}.
     *
     * @return the paths of the sidecar files it names (V2 checkpoints)
     */
    private static List<String> readPart(TrinoInputFile file, Consumer<DeltaAction> consumer)
            throws IOException
    {
        List<String> sidecars = new ArrayList<>();
        ParquetReaderOptions options = ParquetReaderOptions.defaultOptions();
        try (ParquetFileDataSource dataSource = new ParquetFileDataSource(file, file.length(), options)) {
            ParquetMetadata metadata = MetadataReader.readFooter(dataSource, Optional.empty());
            MessageType schema = metadata.getFileMetaData().getSchema();
            MessageColumnIO columnIO = getColumnIO(schema, schema);

            // the typed statistics are read as their writer declared them in this file
            Map<String, RowType> actionColumns = new HashMap<>(ACTION_COLUMNS);
            actionColumns.put("sidecar", SIDECAR);
            ParsedStatistics.fromParquetSchema(schema, metadata.getParquetMetadata().getSchema()).ifPresent(statsParsed -> actionColumns.put("add", CheckpointSchema.addWithStatsParsed(statsParsed)));

            List<Column> columns = new ArrayList<>();
            List<String> columnNames = new ArrayList<>();
            for (Map.Entry<String, RowType> action : actionColumns.entrySet()) {
                ColumnIO column = lookupColumnByName(columnIO, action.getKey());
                if (column == null) {
                    continue;
                }
                Optional<Field> field = constructField(action.getValue(), column);
                if (field.isPresent()) {
                    columns.add(new Column(action.getKey(), field.get()));
                    columnNames.add(action.getKey());
                }
            }
            Map<List<String>, ColumnDescriptor> descriptors = getDescriptors(schema, schema);
            TupleDomain<ColumnDescriptor> everything = TupleDomain.all();
            List<RowGroupInfo> rowGroups = getFilteredRowGroups(
                    0,
                    dataSource.getEstimatedSize(),
                    dataSource,
                    metadata,
                    ImmutableList.of(everything),
                    ImmutableList.of(buildPredicate(schema, everything, descriptors, DateTimeZone.UTC)),
                    descriptors,
                    DateTimeZone.UTC,
                    1000,
                    options);
            try (ParquetReader reader = new ParquetReader(
                    Optional.ofNullable(metadata.getFileMetaData().getCreatedBy()),
                    columns,
                    false,
                    rowGroups,
                    dataSource,
                    DateTimeZone.UTC,
                    newSimpleAggregatedMemoryContext(),
                    options,
                    exception -> new TrinoException(LAKEHOUSE_CORRUPT_LOG, "Cannot read checkpoint " + file.location() + ": " + exception.getMessage(), exception),
                    Optional.empty(),
                    Optional.empty())) {
                for (SourcePage page = reader.nextPage(); page != null; page = reader.nextPage()) {
                    for (int channel = 0; channel < columnNames.size(); channel++) {
                        Block block = page.getBlock(channel);
                        String action = columnNames.get(channel);
                        for (int position = 0; position < block.getPositionCount(); position++) {
                            if (block.isNull(position)) {
                                continue;
                            }
                            RowType type = actionColumns.get(action);
                            RowFields fields = new RowFields(type, type.getObject(block, position));
                            if (action.equals("sidecar")) {
                                sidecars.add(fields.string(0));
                            }
                            else {
                                decode(action, fields).ifPresent(consumer);
                            }
                        }
                    }
                }
            }
        }
        return sidecars;
    }

    private static Optional<DeltaAction> decode(String action, RowFields fields)
    {
        return switch (action) {
            case "txn" -> Optional.of(new TransactionEntry(fields.string(0), fields.longValue(1), fields.optionalLong(2)));
            case "add" -> Optional.of(new AddFileEntry(
                    fields.string(0),
                    fields.stringMap(1),
                    fields.longValue(2),
                    fields.optionalLong(3).orElse(0L),
                    fields.optionalBoolean(4).orElse(true),
                    fields.optionalString(5).or(fields::parsedStatistics),
                    fields.stringMap(6),
                    fields.deletionVector(7),
                    fields.optionalString(8)));
            case "remove" -> Optional.of(new RemoveFileEntry(
                    fields.string(0),
                    fields.isNull(4) ? Optional.empty() : Optional.of(fields.stringMap(4)),
                    fields.optionalLong(1).orElse(0L),
                    fields.optionalBoolean(2).orElse(true),
                    fields.optionalLong(5),
                    fields.deletionVector(6)));
            case "metaData" -> {
                Optional<RowFields> format = fields.row(3);
                yield Optional.of(new MetadataEntry(
                        fields.string(0),
                        fields.optionalString(1),
                        fields.optionalString(2),
                        format.flatMap(formatFields -> formatFields.optionalString(0)).orElse("parquet"),
                        fields.string(4),
                        fields.strings(5).orElse(List.of()),
                        fields.stringMap(6),
                        fields.optionalLong(7)));
            }
            case "protocol" -> Optional.of(new ProtocolEntry(
                    (int) fields.longValue(0),
                    (int) fields.longValue(1),
                    fields.strings(2).map(Set::copyOf),
                    fields.strings(3).map(Set::copyOf)));
            case "domainMetadata" -> Optional.of(new DomainMetadataEntry(fields.string(0), fields.string(1), fields.optionalBoolean(2).orElse(false)));
            default -> Optional.empty();
        };
    }

    /**
     * Typed access to the fields of one struct value.
     */
    private record RowFields(RowType type, SqlRow row)
    {
        boolean isNull(int field)
        {
            return row.getRawFieldBlock(field).isNull(row.getRawIndex());
        }

        String string(int field)
        {
            return optionalString(field).orElseThrow(() -> missingField(field));
        }

        Optional<String> optionalString(int field)
        {
            if (isNull(field)) {
                return Optional.empty();
            }
            Slice value = VARCHAR.getSlice(row.getRawFieldBlock(field), row.getRawIndex());
            return Optional.of(value.toStringUtf8());
        }

        long longValue(int field)
        {
            return optionalLong(field).orElseThrow(() -> missingField(field));
        }

        Optional<Long> optionalLong(int field)
        {
            if (isNull(field)) {
                return Optional.empty();
            }
            // INTEGER and BIGINT fields both read as long
            return Optional.of(fieldType(field).getLong(row.getRawFieldBlock(field), row.getRawIndex()));
        }

        Optional<Boolean> optionalBoolean(int field)
        {
            return isNull(field) ? Optional.empty() : Optional.of(BOOLEAN.getBoolean(row.getRawFieldBlock(field), row.getRawIndex()));
        }

        Optional<RowFields> row(int field)
        {
            if (isNull(field)) {
                return Optional.empty();
            }
            RowType fieldType = (RowType) fieldType(field);
            return Optional.of(new RowFields(fieldType, fieldType.getObject(row.getRawFieldBlock(field), row.getRawIndex())));
        }

        Map<String, String> stringMap(int field)
        {
            Map<String, String> values = new HashMap<>();
            if (isNull(field)) {
                return values;
            }
            SqlMap map = STRING_MAP.getObject(row.getRawFieldBlock(field), row.getRawIndex());
            for (int i = 0; i < map.getSize(); i++) {
                int position = map.getRawOffset() + i;
                String key = VARCHAR.getSlice(map.getRawKeyBlock(), position).toStringUtf8();
                Block valueBlock = map.getRawValueBlock();
                values.put(key, valueBlock.isNull(position) ? null : VARCHAR.getSlice(valueBlock, position).toStringUtf8());
            }
            return values;
        }

        Optional<List<String>> strings(int field)
        {
            if (isNull(field)) {
                return Optional.empty();
            }
            Block elements = STRING_ARRAY.getObject(row.getRawFieldBlock(field), row.getRawIndex());
            List<String> values = new ArrayList<>();
            for (int i = 0; i < elements.getPositionCount(); i++) {
                values.add(VARCHAR.getSlice(elements, i).toStringUtf8());
            }
            return Optional.of(values);
        }

        /**
         * The JSON statistics of the typed {@code stats_parsed} field of an {@code add}, when the file has it.
         */
        Optional<String> parsedStatistics()
        {
            List<RowType.Field> fields = type.getFields();
            int field = fields.size() - 1;
            if (!fields.get(field).getName().orElseThrow().equals(ParsedStatistics.FIELD_NAME) || isNull(field)) {
                return Optional.empty();
            }
            RowType statsType = (RowType) fieldType(field);
            return Optional.of(ParsedStatistics.toJson(statsType, statsType.getObject(row.getRawFieldBlock(field), row.getRawIndex())));
        }

        Optional<DeletionVectorDescriptor> deletionVector(int field)
        {
            if (isNull(field)) {
                return Optional.empty();
            }
            RowFields vector = row(field).orElseThrow();
            return Optional.of(new DeletionVectorDescriptor(
                    vector.string(0),
                    vector.string(1),
                    vector.optionalLong(2).map(offset -> OptionalInt.of(offset.intValue())).orElse(OptionalInt.empty()),
                    (int) vector.longValue(3),
                    vector.longValue(4)));
        }

        private IllegalArgumentException missingField(int field)
        {
            return new IllegalArgumentException("the required field '%s' of an action is missing".formatted(type.getFields().get(field).getName().orElseThrow()));
        }

        private Type fieldType(int field)
        {
            return type.getFields().get(field).getType();
        }
    }
}
