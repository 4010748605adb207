package dev.lakehouse.trino.vacuum;

import dev.lakehouse.transactionlog.vacuum.VacuumCandidate;
import dev.lakehouse.transactionlog.vacuum.VacuumPlan;
import io.airlift.slice.Slices;
import io.trino.spi.Page;
import io.trino.spi.PageBuilder;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplit;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;
import io.trino.spi.function.table.Descriptor;
import io.trino.spi.function.table.TableFunctionProcessorProvider;
import io.trino.spi.function.table.TableFunctionProcessorState;
import io.trino.spi.function.table.TableFunctionSplitProcessor;
import io.trino.spi.type.Type;

import java.util.Iterator;

import static io.trino.spi.function.table.TableFunctionProcessorState.Finished.FINISHED;
import static io.trino.spi.function.table.TableFunctionProcessorState.Processed.produced;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * Produces the rows of {@code vacuum_plan}: plans once, then returns the candidates a page at a time.
 */
public final class VacuumPlanProcessorProvider
        implements TableFunctionProcessorProvider
{
    private static final int ROWS_PER_PAGE = 4096;

    private final TableVacuum tableVacuum;

    public VacuumPlanProcessorProvider(TableVacuum tableVacuum)
    {
        this.tableVacuum = requireNonNull(tableVacuum, "tableVacuum is null");
    }

    @Override
    public TableFunctionSplitProcessor getSplitProcessor(ConnectorSession session, ConnectorTableFunctionHandle handle, ConnectorSplit split)
    {
        VacuumTarget target = ((VacuumPlanHandle) handle).target();
        return new TableFunctionSplitProcessor()
        {
            private Iterator<VacuumCandidate> candidates;

            @Override
            public TableFunctionProcessorState process()
            {
                if (candidates == null) {
                    VacuumPlan plan = tableVacuum.plan(session, target);
                    candidates = plan.candidates().iterator();
                }
                if (!candidates.hasNext()) {
                    return FINISHED;
                }
                return produced(nextPage(candidates));
            }
        };
    }

    private static Page nextPage(Iterator<VacuumCandidate> candidates)
    {
        PageBuilder page = new PageBuilder(VacuumPlanFunction.COLUMNS.getFields().stream().map(Descriptor.Field::getType).map(type -> (Type) type.orElseThrow()).toList());
        while (candidates.hasNext() && page.getPositionCount() < ROWS_PER_PAGE) {
            VacuumCandidate candidate = candidates.next();
            page.declarePosition();
            VARCHAR.writeSlice(page.getBlockBuilder(0), Slices.utf8Slice(candidate.location().toString()));
            VARCHAR.writeSlice(page.getBlockBuilder(1), Slices.utf8Slice(candidate.reason()));
            if (candidate.removedAtVersion().isPresent()) {
                BIGINT.writeLong(page.getBlockBuilder(2), candidate.removedAtVersion().getAsLong());
            }
            else {
                page.getBlockBuilder(2).appendNull();
            }
            BIGINT.writeLong(page.getBlockBuilder(3), candidate.size());
            TIMESTAMP_TZ_MILLIS.writeLong(page.getBlockBuilder(4), packDateTimeWithZone(candidate.modificationTime().toEpochMilli(), UTC_KEY));
        }
        return page.build();
    }
}
