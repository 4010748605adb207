package dev.lakehouse.trino.read;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.DataFilePaths;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.LakehouseSplit;
import io.trino.filesystem.Location;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.Type;

import java.util.List;
import java.util.Map;

import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * The hidden columns about the data file a row comes from, from the log's {@code add} action, never from the file:
 * {@code $path} (its location), {@code $file_size} and {@code $file_modified_time}, as Trino's Delta Lake connector
 * names them, and {@code $partition} (the Hive-style name of its partition, {@link PartitionNames}). A filter on them
 * skips whole files.
 */
public final class FileColumns
{
    public static final String PATH = "$path";
    public static final String FILE_SIZE = "$file_size";
    public static final String FILE_MODIFIED_TIME = "$file_modified_time";
    public static final String PARTITION = "$partition";

    private static final List<LakehouseColumnHandle> HANDLES = ImmutableList.of(
            handle(PATH, VARCHAR),
            handle(FILE_SIZE, BIGINT),
            handle(FILE_MODIFIED_TIME, TIMESTAMP_TZ_MILLIS),
            handle(PARTITION, VARCHAR));

    private FileColumns() {}

    public static List<LakehouseColumnHandle> handles()
    {
        return HANDLES;
    }

    public static List<ColumnMetadata> metadata()
    {
        return HANDLES.stream().map(FileColumns::metadata).toList();
    }

    public static ColumnMetadata metadata(LakehouseColumnHandle handle)
    {
        return ColumnMetadata.builder().setName(handle.name()).setType(handle.type()).setHidden(true).build();
    }

    public static boolean isFileColumn(LakehouseColumnHandle column)
    {
        return HANDLES.contains(column);
    }

    /**
     * The value of a file column for the rows of {@code split}, as Trino's native value of its type.
     */
    public static Object value(LakehouseColumnHandle column, LakehouseSplit split, Location tableLocation)
    {
        return switch (column.name()) {
            case PATH -> utf8Slice(DataFilePaths.resolve(tableLocation, split.path()).toString());
            case FILE_SIZE -> split.fileSize();
            case FILE_MODIFIED_TIME -> packDateTimeWithZone(split.fileModifiedTime(), UTC_KEY);
            case PARTITION -> utf8Slice(split.partitionName());
            default -> throw new IllegalArgumentException("Not a file column: " + column);
        };
    }

    /**
     * Whether the rows of {@code split} can satisfy the predicate's domains on file columns.
     */
    public static boolean matches(TupleDomain<LakehouseColumnHandle> predicate, LakehouseSplit split, Location tableLocation)
    {
        for (Map.Entry<LakehouseColumnHandle, Domain> entry : predicate.getDomains().orElse(Map.of()).entrySet()) {
            if (isFileColumn(entry.getKey()) && !entry.getValue().includesNullableValue(value(entry.getKey(), split, tableLocation))) {
                return false;
            }
        }
        return true;
    }

    private static LakehouseColumnHandle handle(String name, Type type)
    {
        return new LakehouseColumnHandle(name, name, type, false);
    }
}
