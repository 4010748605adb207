package dev.lakehouse.transactionlog.checkpoint;

import com.google.common.collect.ImmutableList;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeOperators;

import java.util.List;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * The columns of a classic Delta checkpoint (one nullable struct column per action type), as Trino types.
 * Field order here is the order the reader and writer use; files may order or omit fields differently.
 */
final class CheckpointSchema
{
    static final MapType STRING_MAP = new MapType(VARCHAR, VARCHAR, new TypeOperators());
    static final ArrayType STRING_ARRAY = new ArrayType(VARCHAR);

    static final RowType DELETION_VECTOR = RowType.from(ImmutableList.of(
            RowType.field("storageType", VARCHAR),
            RowType.field("pathOrInlineDv", VARCHAR),
            RowType.field("offset", INTEGER),
            RowType.field("sizeInBytes", INTEGER),
            RowType.field("cardinality", BIGINT)));

    static final RowType TXN = RowType.from(ImmutableList.of(
            RowType.field("appId", VARCHAR),
            RowType.field("version", BIGINT),
            RowType.field("lastUpdated", BIGINT)));

    static final RowType ADD = RowType.from(ImmutableList.of(
            RowType.field("path", VARCHAR),
            RowType.field("partitionValues", STRING_MAP),
            RowType.field("size", BIGINT),
            RowType.field("modificationTime", BIGINT),
            RowType.field("dataChange", BOOLEAN),
            RowType.field("stats", VARCHAR),
            RowType.field("tags", STRING_MAP),
            RowType.field("deletionVector", DELETION_VECTOR),
            RowType.field("clusteringProvider", VARCHAR)));

    /**
     * The {@code add} column with the typed statistics {@code stats_parsed} of the given type as its last field.
     */
    static RowType addWithStatsParsed(RowType statsParsed)
    {
        return RowType.from(ImmutableList.<RowType.Field>builder()
                .addAll(ADD.getFields())
                .add(RowType.field(ParsedStatistics.FIELD_NAME, statsParsed))
                .build());
    }

    static final RowType REMOVE = RowType.from(ImmutableList.of(
            RowType.field("path", VARCHAR),
            RowType.field("deletionTimestamp", BIGINT),
            RowType.field("dataChange", BOOLEAN),
            RowType.field("extendedFileMetadata", BOOLEAN),
            RowType.field("partitionValues", STRING_MAP),
            RowType.field("size", BIGINT),
            RowType.field("deletionVector", DELETION_VECTOR)));

    static final RowType FORMAT = RowType.from(ImmutableList.of(
            RowType.field("provider", VARCHAR),
            RowType.field("options", STRING_MAP)));

    static final RowType METADATA = RowType.from(ImmutableList.of(
            RowType.field("id", VARCHAR),
            RowType.field("name", VARCHAR),
            RowType.field("description", VARCHAR),
            RowType.field("format", FORMAT),
            RowType.field("schemaString", VARCHAR),
            RowType.field("partitionColumns", STRING_ARRAY),
            RowType.field("configuration", STRING_MAP),
            RowType.field("createdTime", BIGINT)));

    static final RowType PROTOCOL = RowType.from(ImmutableList.of(
            RowType.field("minReaderVersion", INTEGER),
            RowType.field("minWriterVersion", INTEGER),
            RowType.field("readerFeatures", STRING_ARRAY),
            RowType.field("writerFeatures", STRING_ARRAY)));

    static final RowType DOMAIN_METADATA = RowType.from(ImmutableList.of(
            RowType.field("domain", VARCHAR),
            RowType.field("configuration", VARCHAR),
            RowType.field("removed", BOOLEAN)));

    static final List<String> COLUMN_NAMES = ImmutableList.of("txn", "add", "remove", "metaData", "protocol", "domainMetadata");
    static final List<Type> COLUMN_TYPES = ImmutableList.of(TXN, ADD, REMOVE, METADATA, PROTOCOL, DOMAIN_METADATA);

    static final int TXN_CHANNEL = 0;
    static final int ADD_CHANNEL = 1;
    static final int REMOVE_CHANNEL = 2;
    static final int METADATA_CHANNEL = 3;
    static final int PROTOCOL_CHANNEL = 4;
    static final int DOMAIN_METADATA_CHANNEL = 5;

    private CheckpointSchema() {}
}
