package dev.lakehouse.trino.changefeed;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.TableColumns;
import dev.lakehouse.trino.TransactionLogAccess;
import dev.lakehouse.trino.Warehouse;
import io.airlift.slice.Slice;
import io.trino.filesystem.Location;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorAccessControl;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.function.table.AbstractConnectorTableFunction;
import io.trino.spi.function.table.Argument;
import io.trino.spi.function.table.Descriptor;
import io.trino.spi.function.table.ReturnTypeSpecification;
import io.trino.spi.function.table.ScalarArgument;
import io.trino.spi.function.table.ScalarArgumentSpecification;
import io.trino.spi.function.table.TableFunctionAnalysis;
import io.trino.spi.type.TypeManager;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.lakehouse.trino.procedure.ProcedureArguments.requireNonEmpty;
import static io.trino.spi.StandardErrorCode.TABLE_NOT_FOUND;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code SELECT * FROM TABLE(system.table_changes(schema_name => 's', table_name => 't'[, since_version => n][,
 * until_version => m]))}: the rows the commits after {@code since_version} (all commits without it) up to
 * {@code until_version} (the latest without it) inserted, deleted and updated, each with {@code _change_type}
 * ({@code insert}, {@code delete}, {@code update_preimage}, {@code update_postimage}), {@code _commit_version} and
 * {@code _commit_timestamp}, as Trino's Delta Lake connector names them.
 */
public final class TableChangesFunction
        extends AbstractConnectorTableFunction
{
    public static final String NAME = "table_changes";
    public static final String COMMIT_VERSION_COLUMN = "_commit_version";
    public static final String COMMIT_TIMESTAMP_COLUMN = "_commit_timestamp";

    private final Warehouse warehouse;
    private final TransactionLogAccess logAccess;
    private final TypeManager typeManager;

    @Inject
    public TableChangesFunction(Warehouse warehouse, TransactionLogAccess logAccess, TypeManager typeManager)
    {
        super(
                "system",
                NAME,
                ImmutableList.of(
                        ScalarArgumentSpecification.builder().name("SCHEMA_NAME").type(VARCHAR).build(),
                        ScalarArgumentSpecification.builder().name("TABLE_NAME").type(VARCHAR).build(),
                        ScalarArgumentSpecification.builder().name("SINCE_VERSION").type(BIGINT).defaultValue(null).build(),
                        ScalarArgumentSpecification.builder().name("UNTIL_VERSION").type(BIGINT).defaultValue(null).build()),
                ReturnTypeSpecification.GenericTable.GENERIC_TABLE);
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
    }

    @Override
    public TableFunctionAnalysis analyze(ConnectorSession session, ConnectorTransactionHandle transaction, Map<String, Argument> arguments, ConnectorAccessControl accessControl)
    {
        SchemaTableName name = new SchemaTableName(requiredString(arguments, "SCHEMA_NAME"), requiredString(arguments, "TABLE_NAME"));
        Location location = warehouse.findTable(session, name)
                .orElseThrow(() -> new TrinoException(TABLE_NOT_FOUND, "Table %s does not exist; SHOW TABLES lists the tables of a schema".formatted(name)));
        Optional<Long> since = longArgument(arguments, "SINCE_VERSION");
        Optional<Long> until = longArgument(arguments, "UNTIL_VERSION");
        TableSnapshot snapshot = until.isPresent() ? logAccess.snapshotAtVersion(session, location, until.get()) : logAccess.latestSnapshot(session, location);
        List<LakehouseColumnHandle> columns = TableColumns.columnHandles(snapshot, typeManager);

        ImmutableList.Builder<Descriptor.Field> fields = ImmutableList.builder();
        columns.forEach(column -> fields.add(new Descriptor.Field(column.name(), Optional.of(column.type()))));
        fields.add(new Descriptor.Field(ChangeDataWriter.CHANGE_TYPE_COLUMN, Optional.of(VARCHAR)));
        fields.add(new Descriptor.Field(COMMIT_VERSION_COLUMN, Optional.of(BIGINT)));
        fields.add(new Descriptor.Field(COMMIT_TIMESTAMP_COLUMN, Optional.of(TIMESTAMP_TZ_MILLIS)));
        return TableFunctionAnalysis.builder()
                .returnedType(new Descriptor(fields.build()))
                .handle(new TableChangesHandle(name, location.toString(), since.orElse(-1L), snapshot.version(), columns))
                .build();
    }

    private static String requiredString(Map<String, Argument> arguments, String name)
    {
        Slice value = (Slice) ((ScalarArgument) arguments.get(name)).getValue();
        return requireNonEmpty(value == null ? null : value.toStringUtf8(), name.toLowerCase(Locale.ENGLISH));
    }

    private static Optional<Long> longArgument(Map<String, Argument> arguments, String name)
    {
        return Optional.ofNullable((Long) ((ScalarArgument) arguments.get(name)).getValue());
    }
}
