package dev.lakehouse.trino.constraints;

import com.google.inject.Inject;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.LakehouseSplit;
import dev.lakehouse.trino.LakehouseTableHandle;
import dev.lakehouse.trino.TableColumns;
import dev.lakehouse.trino.read.LakehousePageSourceProvider;
import io.trino.spi.Page;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.SqlDate;
import io.trino.spi.type.SqlDecimal;
import io.trino.spi.type.SqlTimestamp;
import io.trino.spi.type.SqlTimestampWithTimeZone;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static io.trino.spi.StandardErrorCode.CONSTRAINT_VIOLATION;
import static java.util.Objects.requireNonNull;

/**
 * Checks the rows of a table version against a new CHECK constraint before it is added, as Delta requires: reads the
 * columns the constraint uses from every file of the version (deletion vectors applied) and fails with the number of
 * rows that break it and the values of the first.
 */
public final class ExistingRowsCheck
{
    private final LakehousePageSourceProvider pageSourceProvider;
    private final TypeManager typeManager;

    @Inject
    public ExistingRowsCheck(LakehousePageSourceProvider pageSourceProvider, TypeManager typeManager)
    {
        this.pageSourceProvider = requireNonNull(pageSourceProvider, "pageSourceProvider is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
    }

    void check(ConnectorSession session, SchemaTableName table, String location, TableSnapshot snapshot, String name, String expression)
    {
        Map<String, LakehouseColumnHandle> tableColumns = TableColumns.columnHandles(snapshot, typeManager).stream()
                .collect(Collectors.toMap(column -> column.name().toLowerCase(Locale.ENGLISH), Function.identity()));
        RowRule rule = RowRule.compile(name, expression, tableColumns.keySet().stream().collect(toImmutableSet()));
        List<LakehouseColumnHandle> columns = rule.columns().stream().map(tableColumns::get).toList();
        LakehouseTableHandle handle = new LakehouseTableHandle(table, location, snapshot.version(), snapshot.timestamp(), false,
                TupleDomain.all(), TupleDomain.all(), OptionalLong.empty(), Optional.empty(), OptionalLong.empty());
        long violations = 0;
        Object[] firstViolation = null;
        for (AddFileEntry file : snapshot.activeFiles()) {
            try (ConnectorPageSource source = pageSourceProvider.createPageSource(null, session, LakehouseSplit.of(file, 0, file.size()), handle, List.<ColumnHandle>copyOf(columns), DynamicFilter.EMPTY)) {
                while (!source.isFinished()) {
                    SourcePage sourcePage = source.getNextSourcePage();
                    if (sourcePage == null) {
                        continue;
                    }
                    Page page = sourcePage.getPage();
                    for (int position = 0; position < page.getPositionCount(); position++) {
                        Object[] row = new Object[columns.size()];
                        for (int column = 0; column < row.length; column++) {
                            row[column] = value(session, columns.get(column).type(), page.getBlock(column), position);
                        }
                        if (!rule.holds(row)) {
                            violations++;
                            firstViolation = firstViolation == null ? row : firstViolation;
                        }
                    }
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (violations > 0) {
            Object[] values = firstViolation;
            String shown = IntStream.range(0, columns.size()).mapToObj(column -> columns.get(column).name() + " = " + values[column]).collect(Collectors.joining(", "));
            throw new TrinoException(CONSTRAINT_VIOLATION, "Cannot add constraint %s (%s) to table %s: %s of its rows break it, the first with values: %s. Change or delete them first"
                    .formatted(name, expression, table, violations, shown));
        }
    }

    // the value as RowRule takes it: integers as Long, real as Double, decimals as BigDecimal, dates and timestamps as java.time
    private static Object value(ConnectorSession session, Type type, Block block, int position)
    {
        if (block.isNull(position)) {
            return null;
        }
        return switch (type.getObjectValue(session, block, position)) {
            case Byte value -> value.longValue();
            case Short value -> value.longValue();
            case Integer value -> value.longValue();
            case Float value -> value.doubleValue();
            case SqlDecimal value -> value.toBigDecimal();
            case SqlDate value -> LocalDate.ofEpochDay(value.getDays());
            case SqlTimestamp value -> value.toLocalDateTime();
            case SqlTimestampWithTimeZone value -> value.toZonedDateTime().toInstant();
            case Object value -> value;
        };
    }
}
