package dev.lakehouse.trino.execute;

import com.google.common.collect.ImmutableList;
import io.airlift.units.DataSize;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.TableProcedureExecutionMode;
import io.trino.spi.connector.TableProcedureMetadata;

import java.util.Map;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT;
import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static io.trino.plugin.base.session.PropertyMetadataUtil.dataSizeProperty;

/**
 * {@code ALTER TABLE t EXECUTE optimize(file_size_threshold => '100MB') [WHERE predicate choosing files]}: rewrites the small
 * files of each partition into files of the target size. Rows do not change, so the commit marks its removes and adds
 * {@code dataChange=false} and never conflicts with concurrent appends.
 */
public final class OptimizeTableProcedure
{
    public static final String NAME = "OPTIMIZE";
    public static final String FILE_SIZE_THRESHOLD = "file_size_threshold";
    public static final DataSize DEFAULT_FILE_SIZE_THRESHOLD = DataSize.of(100, MEGABYTE);

    private OptimizeTableProcedure() {}

    public static TableProcedureMetadata metadata()
    {
        return new TableProcedureMetadata(
                NAME,
                TableProcedureExecutionMode.distributedWithFilteringAndRepartitioning(),
                ImmutableList.of(dataSizeProperty(FILE_SIZE_THRESHOLD, "Only files smaller than this are rewritten", DEFAULT_FILE_SIZE_THRESHOLD, false)));
    }

    public static long fileSizeThreshold(Map<String, Object> properties)
    {
        DataSize threshold = (DataSize) properties.get(FILE_SIZE_THRESHOLD);
        if (threshold.toBytes() <= 0) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "optimize: file_size_threshold must be positive, but was %s; pass a size such as '100MB'".formatted(threshold));
        }
        return threshold.toBytes();
    }
}
