package dev.lakehouse.trino.merge;

import dev.lakehouse.trino.LakehouseColumnHandle;
import io.airlift.slice.Slice;
import io.airlift.slice.XxHash64;
import io.trino.spi.block.Block;
import io.trino.spi.block.LongArrayBlock;
import io.trino.spi.block.RowBlock;
import io.trino.spi.block.RunLengthEncodedBlock;
import io.trino.spi.type.RowType;

import java.util.List;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.RowType.field;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * The row id of DELETE, UPDATE and MERGE: the data file a row was read from (its path as the log names it) and the
 * row's position in that file, counted from 0 over the whole file.
 */
public final class MergeRowId
{
    public static final String COLUMN_NAME = "$merge_row_id";
    public static final RowType TYPE = RowType.from(List.of(field("file_path", VARCHAR), field("row_position", BIGINT)));

    private MergeRowId() {}

    public static LakehouseColumnHandle columnHandle()
    {
        return new LakehouseColumnHandle(COLUMN_NAME, COLUMN_NAME, TYPE, false);
    }

    public static boolean isRowId(LakehouseColumnHandle column)
    {
        return column.name().equals(COLUMN_NAME);
    }

    /**
     * The row ids of a batch of rows of one file.
     *
     * @param firstRow position in the file of the batch's first row
     * @param selected positions within the batch of the rows that remain, or null for all {@code count} rows
     */
    public static Block block(Slice path, long firstRow, int[] selected, int count)
    {
        long[] positions = new long[count];
        for (int index = 0; index < count; index++) {
            positions[index] = firstRow + (selected == null ? index : selected[index]);
        }
        return RowBlock.fromFieldBlocks(count, new Block[] {
                RunLengthEncodedBlock.create(VARCHAR, path, count),
                new LongArrayBlock(count, Optional.empty(), positions)});
    }

    /**
     * The fields of a block of row ids, taken apart once per page rather than row by row.
     */
    public static Fields fields(Block rowIds)
    {
        List<Block> fields = RowBlock.getRowFieldsFromBlock(rowIds);
        return new Fields(fields.get(0), fields.get(1));
    }

    public record Fields(Block filePaths, Block rowPositions)
    {
        public String filePath(int position)
        {
            return VARCHAR.getSlice(filePaths, position).toStringUtf8();
        }

        public long filePathHash(int position)
        {
            return XxHash64.hash(VARCHAR.getSlice(filePaths, position));
        }

        public long rowPosition(int position)
        {
            return BIGINT.getLong(rowPositions, position);
        }
    }
}
