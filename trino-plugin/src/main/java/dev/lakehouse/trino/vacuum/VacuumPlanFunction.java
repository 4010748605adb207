package dev.lakehouse.trino.vacuum;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import io.airlift.slice.Slice;
import io.trino.spi.connector.ConnectorAccessControl;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.function.table.AbstractConnectorTableFunction;
import io.trino.spi.function.table.Argument;
import io.trino.spi.function.table.Descriptor;
import io.trino.spi.function.table.ReturnTypeSpecification;
import io.trino.spi.function.table.ScalarArgument;
import io.trino.spi.function.table.ScalarArgumentSpecification;
import io.trino.spi.function.table.TableFunctionAnalysis;

import java.util.Map;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code SELECT * FROM TABLE(system.vacuum_plan(schema_name => 's', table_name => 't'[, retention => '7d']))}: the dry
 * run of {@code CALL system.vacuum} with the same arguments: each file it would delete, and why ({@code removed} at
 * a version, or {@code orphan}: named by no log entry, such as a file left by a failed write).
 */
public final class VacuumPlanFunction
        extends AbstractConnectorTableFunction
{
    public static final String NAME = "vacuum_plan";
    static final Descriptor COLUMNS = new Descriptor(ImmutableList.of(
            new Descriptor.Field("path", Optional.of(VARCHAR)),
            new Descriptor.Field("reason", Optional.of(VARCHAR)),
            new Descriptor.Field("removed_at_version", Optional.of(BIGINT)),
            new Descriptor.Field("size_bytes", Optional.of(BIGINT)),
            new Descriptor.Field("last_modified", Optional.of(TIMESTAMP_TZ_MILLIS))));

    private final TableVacuum tableVacuum;

    @Inject
    public VacuumPlanFunction(TableVacuum tableVacuum)
    {
        super(
                "system",
                NAME,
                ImmutableList.of(
                        ScalarArgumentSpecification.builder().name("SCHEMA_NAME").type(VARCHAR).build(),
                        ScalarArgumentSpecification.builder().name("TABLE_NAME").type(VARCHAR).build(),
                        ScalarArgumentSpecification.builder().name("RETENTION").type(VARCHAR).defaultValue(null).build()),
                new ReturnTypeSpecification.DescribedTable(COLUMNS));
        this.tableVacuum = requireNonNull(tableVacuum, "tableVacuum is null");
    }

    @Override
    public TableFunctionAnalysis analyze(ConnectorSession session, ConnectorTransactionHandle transaction, Map<String, Argument> arguments, ConnectorAccessControl accessControl)
    {
        VacuumTarget target = tableVacuum.target(
                session,
                stringArgument(arguments, "SCHEMA_NAME").orElse(null),
                stringArgument(arguments, "TABLE_NAME").orElse(null),
                stringArgument(arguments, "RETENTION"));
        return TableFunctionAnalysis.builder()
                .handle(new VacuumPlanHandle(target.table(), target.location().toString(), target.retention().toMillis()))
                .build();
    }

    private static Optional<String> stringArgument(Map<String, Argument> arguments, String name)
    {
        Object value = ((ScalarArgument) arguments.get(name)).getValue();
        return Optional.ofNullable((Slice) value).map(Slice::toStringUtf8);
    }
}
