package dev.lakehouse.transactionlog.checkpoint;

import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.actions.TransactionEntry;
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
import org.apache.parquet.format.CompressionCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.ADD_CHANNEL;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.COLUMN_NAMES;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.COLUMN_TYPES;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.METADATA_CHANNEL;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.PROTOCOL_CHANNEL;
import static dev.lakehouse.transactionlog.checkpoint.CheckpointSchema.TXN_CHANNEL;
import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * Writes a classic single-file Parquet checkpoint: one row per protocol, metaData, txn and add action. The file
 * appears atomically: on local disks it is written under a temporary name and renamed; object stores publish an
 * object only when its upload completes.
 */
public final class ParquetCheckpointWriter
        implements CheckpointWriter
{
    private static final int ROWS_PER_PAGE = 1024;

    @Override
    public long write(TrinoFileSystem fileSystem, Location checkpointFile, TableSnapshot snapshot)
    {
        List<DeltaAction> actions = new ArrayList<>();
        actions.add(snapshot.protocol());
        actions.add(snapshot.metadata());
        actions.addAll(snapshot.transactions().values());
        actions.addAll(snapshot.activeFiles());

        boolean local = LocalLogStore.isLocal(checkpointFile);
        Location target = local ? checkpointFile.sibling("." + checkpointFile.fileName() + "." + UUID.randomUUID() + ".tmp") : checkpointFile;
        try {
            writeFile(fileSystem, target, actions);
            if (local) {
                fileSystem.renameFile(target, checkpointFile);
            }
        }
        catch (IOException e) {
            deleteQuietly(fileSystem, target);
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to write checkpoint " + checkpointFile + ": " + e.getMessage(), e);
        }
        return actions.size();
    }

    private static void writeFile(TrinoFileSystem fileSystem, Location location, List<DeltaAction> actions)
            throws IOException
    {
        ParquetSchemaConverter schema = new ParquetSchemaConverter(COLUMN_TYPES, COLUMN_NAMES, false, false);
        try (ParquetWriter writer = new ParquetWriter(
                fileSystem.newOutputFile(location).create(),
                schema.getMessageType(),
                schema.getPrimitiveTypes(),
                ParquetWriterOptions.builder().build(),
                CompressionCodec.SNAPPY,
                "lakehouse",
                Optional.empty(),
                Optional.empty())) {
            for (int start = 0; start < actions.size(); start += ROWS_PER_PAGE) {
                writer.write(page(actions.subList(start, Math.min(actions.size(), start + ROWS_PER_PAGE))));
            }
        }
    }

    private static Page page(List<DeltaAction> actions)
    {
        BlockBuilder[] columns = new BlockBuilder[COLUMN_TYPES.size()];
        for (int channel = 0; channel < columns.length; channel++) {
            columns[channel] = COLUMN_TYPES.get(channel).createBlockBuilder(null, actions.size());
        }
        for (DeltaAction action : actions) {
            int channel = switch (action) {
                case TransactionEntry transaction -> writeTransaction((RowBlockBuilder) columns[TXN_CHANNEL], transaction);
                case AddFileEntry add -> writeAdd((RowBlockBuilder) columns[ADD_CHANNEL], add);
                case MetadataEntry metadata -> writeMetadata((RowBlockBuilder) columns[METADATA_CHANNEL], metadata);
                case ProtocolEntry protocol -> writeProtocol((RowBlockBuilder) columns[PROTOCOL_CHANNEL], protocol);
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

    private static int writeAdd(RowBlockBuilder builder, AddFileEntry add)
    {
        builder.buildEntry(fields -> {
            VARCHAR.writeSlice(fields.get(0), utf8Slice(add.path()));
            writeStringMap(fields.get(1), add.partitionValues());
            BIGINT.writeLong(fields.get(2), add.size());
            BIGINT.writeLong(fields.get(3), add.modificationTime());
            BOOLEAN.writeBoolean(fields.get(4), add.dataChange());
            writeOptionalString(fields.get(5), add.stats());
            writeStringMap(fields.get(6), add.tags());
            writeDeletionVector(fields.get(7), add.deletionVector());
        });
        return ADD_CHANNEL;
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
