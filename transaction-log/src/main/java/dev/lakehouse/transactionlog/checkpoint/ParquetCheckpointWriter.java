package dev.lakehouse.transactionlog.checkpoint;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.DomainMetadataEntry;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import dev.lakehouse.transactionlog.actions.TransactionEntry;
import dev.lakehouse.transactionlog.retention.TableRetention;
import dev.lakehouse.transactionlog.store.LocalLogStore;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.parquet.writer.ParquetSchemaConverter;
import io.trino.parquet.writer.ParquetWriter;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.Page;
import io.trino.spi.TrinoException;
import io.trino.spi.block.ArrayBlockBuilder;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.MapBlockBuilder;
import io.trino.spi.block.RowBlockBuilder;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INVALID_TABLE_PROPERTY;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.ADD_CHANNEL;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.COLUMN_NAMES;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.COLUMN_TYPES;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.METADATA_CHANNEL;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.PROTOCOL_CHANNEL;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.REMOVE_CHANNEL;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.DOMAIN_METADATA_CHANNEL;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.TXN_CHANNEL;
import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MILLIS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Locale.ENGLISH;
import static java.util.Objects.requireNonNull;
import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MILLIS;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

/**
 * Writes a classic single-file Parquet checkpoint: one row per protocol, metaData, txn, domainMetadata and add action. The file
 * appears atomically: on local disks it is written under a temporary name and renamed; object stores publish an
 * object only when its upload completes. File statistics are written as the JSON {@code add.stats} string, the typed
 * {@code add.stats_parsed} struct, or both, as the table configuration chooses.
 */
public final class ParquetCheckpointWriter
        implements CheckpointWriter
{
    /** Whether checkpoints keep file statistics as the JSON string {@code add.stats}; default true. */
    public static final String WRITE_STATS_AS_JSON = "delta.checkpoint.writeStatsAsJson";
    /** Whether checkpoints keep file statistics as the typed struct {@code add.stats_parsed}; default false here. */
    public static final String WRITE_STATS_AS_STRUCT = "delta.checkpoint.writeStatsAsStruct";

    private static final int ROWS_PER_PAGE = 1024;

    @Override
    public long write(TrinoFileSystem fileSystem, Location checkpointFile, TableSnapshot snapshot)
    {
        List<DeltaAction> actions = new ArrayList<>();
        actions.add(snapshot.protocol());
        actions.add(snapshot.metadata());
        actions.addAll(snapshot.transactions().values());
        actions.addAll(snapshot.domainMetadata().values());
        actions.addAll(snapshot.activeFiles());
        actions.addAll(unexpiredTombstones(snapshot, System.currentTimeMillis()));

        MetadataEntry metadata = snapshot.metadata();
        StatisticsFormat statisticsFormat = new StatisticsFormat(
                booleanConfiguration(metadata, WRITE_STATS_AS_JSON, true),
                booleanConfiguration(metadata, WRITE_STATS_AS_STRUCT, false) ? Optional.of(ParsedStatistics.fromTableSchema(metadata)) : Optional.empty());

        boolean local = LocalLogStore.isLocal(checkpointFile);
        Location target = local ? checkpointFile.sibling("." + checkpointFile.fileName() + "." + UUID.randomUUID() + ".tmp") : checkpointFile;
        try {
            writeFile(fileSystem, target, actions, statisticsFormat);
            if (local) {
                fileSystem.renameFile(target, checkpointFile);
            }
        }
        catch (IOException e) {
            deleteQuietly(fileSystem, target);
            if (local && published(fileSystem, checkpointFile)) {
                // another writer (the maintenance service, a concurrent commit) renamed its checkpoint of this version
                // into place first: a checkpoint of a version holds that version's state, so theirs serves as ours
                return actions.size();
            }
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to write checkpoint " + checkpointFile + ": " + e.getMessage(), e);
        }
        return actions.size();
    }

    /**
     * The tombstones a checkpoint keeps, as Delta writers do: those removed within the table's deleted-file retention
     * ({@code delta.deletedFileRetentionDuration}), so that another engine's vacuum, which may read only the
     * checkpoint, still sees that versions within the retention need those files.
     */
    static List<RemoveFileEntry> unexpiredTombstones(TableSnapshot snapshot, long nowMillis)
    {
        long oldestKept;
        try {
            oldestKept = nowMillis - TableRetention.deletedFileRetention(snapshot.metadata()).toMillis();
        }
        catch (TrinoException e) {
            // a retention no one can read: keeping every tombstone is the safe side
            return snapshot.tombstones();
        }
        return snapshot.tombstones().stream()
                .filter(tombstone -> tombstone.deletionTimestamp() >= oldestKept)
                .toList();
    }

    private static boolean booleanConfiguration(MetadataEntry metadata, String key, boolean defaultValue)
    {
        Optional<String> value = metadata.configurationValue(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().trim().toLowerCase(ENGLISH)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "The table configuration %s must be true or false, but is '%s'. Set it to true or false in the table's metaData configuration".formatted(key, value.get()));
        };
    }

    private static void writeFile(TrinoFileSystem fileSystem, Location location, List<DeltaAction> actions, StatisticsFormat statisticsFormat)
            throws IOException
    {
        List<Type> columnTypes = new ArrayList<>(COLUMN_TYPES);
        columnTypes.set(ADD_CHANNEL, statisticsFormat.addType());
        FileSchema schema = FileSchema.of(columnTypes, COLUMN_NAMES);
        try (ParquetWriter writer = new ParquetWriter(
                fileSystem.newOutputFile(location).create(),
                schema.messageType(),
                schema.primitiveTypes(),
                ParquetWriterOptions.builder().build(),
                CompressionCodec.SNAPPY,
                "lakehouse",
                Optional.empty(),
                Optional.empty())) {
            for (int start = 0; start < actions.size(); start += ROWS_PER_PAGE) {
                writer.write(page(actions.subList(start, Math.min(actions.size(), start + ROWS_PER_PAGE)), columnTypes, statisticsFormat));
            }
        }
    }

    private static Page page(List<DeltaAction> actions, List<Type> columnTypes, StatisticsFormat statisticsFormat)
    {
        BlockBuilder[] columns = new BlockBuilder[columnTypes.size()];
        for (int channel = 0; channel < columns.length; channel++) {
            columns[channel] = columnTypes.get(channel).createBlockBuilder(null, actions.size());
        }
        for (DeltaAction action : actions) {
            int channel = switch (action) {
                case TransactionEntry transaction -> writeTransaction((RowBlockBuilder) columns[TXN_CHANNEL], transaction);
                case AddFileEntry add -> writeAdd((RowBlockBuilder) columns[ADD_CHANNEL], add, statisticsFormat);
                case RemoveFileEntry remove -> writeRemove((RowBlockBuilder) columns[REMOVE_CHANNEL], remove);
                case MetadataEntry metadata -> writeMetadata((RowBlockBuilder) columns[METADATA_CHANNEL], metadata);
                case ProtocolEntry protocol -> writeProtocol((RowBlockBuilder) columns[PROTOCOL_CHANNEL], protocol);
                case DomainMetadataEntry domain -> writeDomainMetadata((RowBlockBuilder) columns[DOMAIN_METADATA_CHANNEL], domain);
                default -> throw new IllegalArgumentException("not a checkpoint action: " + action);
            };
            for (int other = 0; other < columns.length; other++) {
                if (other != channel) {
                    columns[other].appendNull();
                }
            }
        }
        return new Page(actions.size(), java.util.Arrays.stream(columns).map(BlockBuilder::build).toArray(io.trino.spi.block.Block[]::new));
    }

    private static int writeTransaction(RowBlockBuilder builder, TransactionEntry transaction)
    {
        builder.buildEntry(fields -> {
            VARCHAR.writeSlice(fields.get(0), utf8Slice(transaction.appId()));
            BIGINT.writeLong(fields.get(1), transaction.version());
            writeOptionalLong(fields.get(2), transaction.lastUpdated());
        });
        return TXN_CHANNEL;
    }

    private static int writeAdd(RowBlockBuilder builder, AddFileEntry add, StatisticsFormat statisticsFormat)
    {
        builder.buildEntry(fields -> {
            VARCHAR.writeSlice(fields.get(0), utf8Slice(add.path()));
            writeStringMap(fields.get(1), add.partitionValues());
            BIGINT.writeLong(fields.get(2), add.size());
            BIGINT.writeLong(fields.get(3), add.modificationTime());
            BOOLEAN.writeBoolean(fields.get(4), add.dataChange());
            writeOptionalString(fields.get(5), add.stats().filter(_ -> statisticsFormat.asJson()));
            writeStringMap(fields.get(6), add.tags());
            writeDeletionVector(fields.get(7), add.deletionVector());
            writeOptionalString(fields.get(8), add.clusteringProvider());
            statisticsFormat.asStruct().ifPresent(type -> ParsedStatistics.write(fields.get(9), type, add.stats()));
        });
        return ADD_CHANNEL;
    }

    private static int writeRemove(RowBlockBuilder builder, RemoveFileEntry remove)
    {
        builder.buildEntry(fields -> {
            VARCHAR.writeSlice(fields.get(0), utf8Slice(remove.path()));
            BIGINT.writeLong(fields.get(1), remove.deletionTimestamp());
            // a checkpoint's tombstones change no data of their own (as Delta writes them)
            BOOLEAN.writeBoolean(fields.get(2), false);
            BOOLEAN.writeBoolean(fields.get(3), remove.partitionValues().isPresent() && remove.size().isPresent());
            if (remove.partitionValues().isPresent()) {
                writeStringMap(fields.get(4), remove.partitionValues().get());
            }
            else {
                fields.get(4).appendNull();
            }
            writeOptionalLong(fields.get(5), remove.size());
            writeDeletionVector(fields.get(6), remove.deletionVector());
        });
        return REMOVE_CHANNEL;
    }

    private static int writeMetadata(RowBlockBuilder builder, MetadataEntry metadata)
    {
        builder.buildEntry(fields -> {
            VARCHAR.writeSlice(fields.get(0), utf8Slice(metadata.id()));
            writeOptionalString(fields.get(1), metadata.name());
            writeOptionalString(fields.get(2), metadata.description());
            ((RowBlockBuilder) fields.get(3)).buildEntry(format -> {
                VARCHAR.writeSlice(format.get(0), utf8Slice(metadata.formatProvider()));
                writeStringMap(format.get(1), Map.of());
            });
            VARCHAR.writeSlice(fields.get(4), utf8Slice(metadata.schemaString()));
            writeStrings(fields.get(5), metadata.partitionColumns());
            writeStringMap(fields.get(6), metadata.configuration());
            writeOptionalLong(fields.get(7), metadata.createdTime());
        });
        return METADATA_CHANNEL;
    }

    private static int writeProtocol(RowBlockBuilder builder, ProtocolEntry protocol)
    {
        builder.buildEntry(fields -> {
            INTEGER.writeLong(fields.get(0), protocol.minReaderVersion());
            INTEGER.writeLong(fields.get(1), protocol.minWriterVersion());
            protocol.readerFeatures().ifPresentOrElse(features -> writeStrings(fields.get(2), features), fields.get(2)::appendNull);
            protocol.writerFeatures().ifPresentOrElse(features -> writeStrings(fields.get(3), features), fields.get(3)::appendNull);
        });
        return PROTOCOL_CHANNEL;
    }

    private static int writeDomainMetadata(RowBlockBuilder builder, DomainMetadataEntry domain)
    {
        builder.buildEntry(fields -> {
            VARCHAR.writeSlice(fields.get(0), utf8Slice(domain.domain()));
            VARCHAR.writeSlice(fields.get(1), utf8Slice(domain.configuration()));
            BOOLEAN.writeBoolean(fields.get(2), domain.removed());
        });
        return DOMAIN_METADATA_CHANNEL;
    }

    private static void writeDeletionVector(BlockBuilder builder, Optional<DeletionVectorDescriptor> deletionVector)
    {
        if (deletionVector.isEmpty()) {
            builder.appendNull();
            return;
        }
        DeletionVectorDescriptor vector = deletionVector.get();
        ((RowBlockBuilder) builder).buildEntry(fields -> {
            VARCHAR.writeSlice(fields.get(0), utf8Slice(vector.storageType()));
            VARCHAR.writeSlice(fields.get(1), utf8Slice(vector.pathOrInlineDv()));
            if (vector.offset().isPresent()) {
                INTEGER.writeLong(fields.get(2), vector.offset().getAsInt());
            }
            else {
                fields.get(2).appendNull();
            }
            INTEGER.writeLong(fields.get(3), vector.sizeInBytes());
            BIGINT.writeLong(fields.get(4), vector.cardinality());
        });
    }

    private static void writeStringMap(BlockBuilder builder, Map<String, String> values)
    {
        ((MapBlockBuilder) builder).buildEntry((keys, mapValues) -> values.forEach((key, value) -> {
            VARCHAR.writeSlice(keys, utf8Slice(key));
            if (value == null) {
                mapValues.appendNull();
            }
            else {
                VARCHAR.writeSlice(mapValues, utf8Slice(value));
            }
        }));
    }

    private static void writeStrings(BlockBuilder builder, Collection<String> values)
    {
        ((ArrayBlockBuilder) builder).buildEntry(elements -> values.forEach(value -> VARCHAR.writeSlice(elements, utf8Slice(value))));
    }

    private static void writeOptionalString(BlockBuilder builder, Optional<String> value)
    {
        value.ifPresentOrElse(text -> VARCHAR.writeSlice(builder, utf8Slice(text)), builder::appendNull);
    }

    private static void writeOptionalLong(BlockBuilder builder, Optional<Long> value)
    {
        value.ifPresentOrElse(number -> BIGINT.writeLong(builder, number), builder::appendNull);
    }

    /**
     * How file statistics are written: as the JSON string, and as a struct of the given type.
     */
    private record StatisticsFormat(boolean asJson, Optional<RowType> asStruct)
    {
        StatisticsFormat
        {
            requireNonNull(asStruct, "asStruct is null");
        }

        RowType addType()
        {
            return asStruct.map(CheckpointSchema::addWithStatsParsed).orElse(CheckpointSchema.ADD);
        }
    }

    /**
     * The Parquet schema of a checkpoint file. Trino's schema converter has no {@code timestamp with time zone}, the
     * type of Delta's {@code timestamp} statistics: such columns are converted as timestamps and then marked adjusted
     * to UTC, as the protocol requires of Delta's {@code timestamp}, and written from their instants.
     */
    private record FileSchema(MessageType messageType, Map<List<String>, Type> primitiveTypes)
    {
        FileSchema
        {
            requireNonNull(messageType, "messageType is null");
            primitiveTypes = ImmutableMap.copyOf(primitiveTypes);
        }

        static FileSchema of(List<Type> types, List<String> names)
        {
            ParquetSchemaConverter converter = new ParquetSchemaConverter(types.stream().map(FileSchema::withoutTimeZone).toList(), names, false, false);
            // no other checkpoint column has this type: every one of them stands for a timestamp with time zone
            Set<List<String>> utcColumns = converter.getPrimitiveTypes().entrySet().stream()
                    .filter(column -> column.getValue().equals(TIMESTAMP_MILLIS))
                    .map(Map.Entry::getKey)
                    .collect(toImmutableSet());
            Map<List<String>, Type> primitiveTypes = new HashMap<>(converter.getPrimitiveTypes());
            utcColumns.forEach(column -> primitiveTypes.put(column, TIMESTAMP_TZ_MILLIS));
            MessageType messageType = converter.getMessageType();
            List<org.apache.parquet.schema.Type> fields = messageType.getFields().stream()
                    .map(field -> adjustToUtc(field, ImmutableList.of(field.getName()), utcColumns))
                    .toList();
            return new FileSchema(new MessageType(messageType.getName(), fields), primitiveTypes);
        }

        private static Type withoutTimeZone(Type type)
        {
            if (type.equals(TIMESTAMP_TZ_MILLIS)) {
                return TIMESTAMP_MILLIS;
            }
            if (type instanceof RowType row) {
                return RowType.from(row.getFields().stream()
                        .map(field -> new RowType.Field(field.getName(), withoutTimeZone(field.getType())))
                        .toList());
            }
            return type;
        }

        private static org.apache.parquet.schema.Type adjustToUtc(org.apache.parquet.schema.Type type, List<String> path, Set<List<String>> utcColumns)
        {
            if (type.isPrimitive()) {
                if (!utcColumns.contains(path)) {
                    return type;
                }
                return Types.primitive(INT64, type.getRepetition())
                        .as(LogicalTypeAnnotation.timestampType(true, MILLIS))
                        .named(type.getName());
            }
            return type.asGroupType().withNewFields(type.asGroupType().getFields().stream()
                    .map(field -> adjustToUtc(field, ImmutableList.<String>builder().addAll(path).add(field.getName()).build(), utcColumns))
                    .toList());
        }
    }

    private static boolean published(TrinoFileSystem fileSystem, Location checkpointFile)
    {
        try {
            return fileSystem.newInputFile(checkpointFile).exists();
        }
        catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(TrinoFileSystem fileSystem, Location location)
    {
        try {
            fileSystem.deleteFile(location);
        }
        catch (IOException | RuntimeException e) {
            // nothing refers to a partial checkpoint; leaving it costs only space
        }
    }
}
