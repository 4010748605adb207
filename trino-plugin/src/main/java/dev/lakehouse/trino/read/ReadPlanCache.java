package dev.lakehouse.trino.read;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.collect.ImmutableList;
import com.google.common.util.concurrent.UncheckedExecutionException;
import dev.lakehouse.trino.LakehouseColumnHandle;
import io.trino.spi.predicate.TupleDomain;
import org.apache.parquet.schema.MessageType;

import java.util.List;
import java.util.concurrent.ExecutionException;

import static com.google.common.base.Throwables.throwIfUnchecked;
import static java.util.Objects.requireNonNull;

/**
 * Plans for reading Parquet files, shared by every scan: a {@link ParquetReadPlan} depends only on the file's schema,
 * the requested columns and the predicate, and the files of a table mostly share one schema while its queries repeat,
 * so a scan of small files split four ways (or of 16 files per split) finds its plan made instead of making it per
 * split.
 */
final class ReadPlanCache
{
    // plans with the values of a selective join's dynamic filter are big and seldom asked for twice: keep few
    private static final int MAX_PLANS = 200;

    private record PlanKey(MessageType fileSchema, List<LakehouseColumnHandle> columns, TupleDomain<LakehouseColumnHandle> dataPredicate)
    {
        PlanKey
        {
            requireNonNull(fileSchema, "fileSchema is null");
            columns = ImmutableList.copyOf(columns);
            requireNonNull(dataPredicate, "dataPredicate is null");
        }
    }

    private final Cache<PlanKey, ParquetReadPlan> plans = CacheBuilder.newBuilder().maximumSize(MAX_PLANS).build();

    ParquetReadPlan plan(MessageType fileSchema, List<LakehouseColumnHandle> columns, TupleDomain<LakehouseColumnHandle> dataPredicate)
    {
        try {
            return plans.get(new PlanKey(fileSchema, columns, dataPredicate), () -> ParquetReadPlan.create(fileSchema, columns, dataPredicate));
        }
        catch (ExecutionException | UncheckedExecutionException e) {
            throwIfUnchecked(e.getCause());
            throw new IllegalStateException(e.getCause());
        }
    }
}
