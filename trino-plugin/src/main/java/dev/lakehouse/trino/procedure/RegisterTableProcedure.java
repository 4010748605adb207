package dev.lakehouse.trino.procedure;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import com.google.inject.Provider;
import dev.lakehouse.trino.TransactionLogAccess;
import dev.lakehouse.trino.Warehouse;
import io.trino.filesystem.Location;
import io.trino.spi.TrinoException;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.procedure.Procedure;

import java.lang.invoke.MethodHandle;

import static dev.lakehouse.trino.procedure.ProcedureArguments.requireNonEmpty;
import static io.trino.spi.StandardErrorCode.TABLE_ALREADY_EXISTS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.invoke.MethodHandles.lookup;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL system.register_table(schema_name, table_name, table_location)}: makes an existing Delta table (written
 * by any engine, anywhere the file system reaches) a table of this catalog, without copying anything.
 */
public final class RegisterTableProcedure
        implements Provider<Procedure>
{
    private static final MethodHandle REGISTER_TABLE;

    static {
        try {
            REGISTER_TABLE = lookup().unreflect(RegisterTableProcedure.class.getMethod("registerTable", ConnectorSession.class, String.class, String.class, String.class));
        }
        catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private final Warehouse warehouse;
    private final TransactionLogAccess logAccess;

    @Inject
    public RegisterTableProcedure(Warehouse warehouse, TransactionLogAccess logAccess)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "register_table",
                ImmutableList.of(
                        new Procedure.Argument("SCHEMA_NAME", VARCHAR),
                        new Procedure.Argument("TABLE_NAME", VARCHAR),
                        new Procedure.Argument("TABLE_LOCATION", VARCHAR)),
                REGISTER_TABLE.bindTo(this));
    }

    public void registerTable(ConnectorSession session, String schemaName, String tableName, String tableLocation)
    {
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(getClass().getClassLoader())) {
            SchemaTableName name = new SchemaTableName(requireNonEmpty(schemaName, "schema_name"), requireNonEmpty(tableName, "table_name"));
            Location location = Warehouse.toLocation(requireNonEmpty(tableLocation, "table_location"));
            warehouse.requireSchema(session, name.getSchemaName());
            if (warehouse.findTable(session, name).isPresent()) {
                throw new TrinoException(TABLE_ALREADY_EXISTS, "Table already exists: " + name);
            }
            // fails with a clear error when there is no readable Delta table at the location
            logAccess.latestSnapshot(session, location);
            warehouse.registerExternalTable(session, name, location);
        }
    }
}
