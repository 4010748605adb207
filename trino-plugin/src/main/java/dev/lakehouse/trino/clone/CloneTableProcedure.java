package dev.lakehouse.trino.clone;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import com.google.inject.Provider;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.trino.TransactionLogAccess;
import dev.lakehouse.trino.Warehouse;
import io.airlift.log.Logger;
import io.trino.filesystem.Location;
import io.trino.spi.TrinoException;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.procedure.Procedure;

import java.lang.invoke.MethodHandle;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT;
import static dev.lakehouse.trino.procedure.ProcedureArguments.requireNonEmpty;
import static io.trino.spi.StandardErrorCode.TABLE_ALREADY_EXISTS;
import static io.trino.spi.StandardErrorCode.TABLE_NOT_FOUND;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.invoke.MethodHandles.lookup;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL system.clone_table(schema_name, table_name, target_schema_name, target_table_name[, version])}: a
 * zero-copy (shallow) clone, a new table in the warehouse whose first version reads the source version's data files
 * where they are. Writes to either table never change the other, and vacuum of the source spares what the clone reads.
 */
public final class CloneTableProcedure
        implements Provider<Procedure>
{
    private static final Logger log = Logger.get(CloneTableProcedure.class);
    private static final MethodHandle CLONE_TABLE;

    static {
        try {
            CLONE_TABLE = lookup().unreflect(CloneTableProcedure.class.getMethod("cloneTable", ConnectorSession.class, String.class, String.class, String.class, String.class, Long.class));
        }
        catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private final Warehouse warehouse;
    private final TransactionLogAccess logAccess;
    private final TableClones clones;

    @Inject
    public CloneTableProcedure(Warehouse warehouse, TransactionLogAccess logAccess, TableClones clones)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
        this.clones = requireNonNull(clones, "clones is null");
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "clone_table",
                ImmutableList.of(
                        new Procedure.Argument("SCHEMA_NAME", VARCHAR),
                        new Procedure.Argument("TABLE_NAME", VARCHAR),
                        new Procedure.Argument("TARGET_SCHEMA_NAME", VARCHAR),
                        new Procedure.Argument("TARGET_TABLE_NAME", VARCHAR),
                        new Procedure.Argument("VERSION", BIGINT, false, null)),
                CLONE_TABLE.bindTo(this));
    }

    public void cloneTable(ConnectorSession session, String schemaName, String tableName, String targetSchemaName, String targetTableName, Long version)
    {
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(getClass().getClassLoader())) {
            SchemaTableName sourceName = new SchemaTableName(requireNonEmpty(schemaName, "schema_name"), requireNonEmpty(tableName, "table_name"));
            SchemaTableName targetName = new SchemaTableName(requireNonEmpty(targetSchemaName, "target_schema_name"), requireNonEmpty(targetTableName, "target_table_name"));
            Location source = warehouse.findTable(session, sourceName)
                    .orElseThrow(() -> new TrinoException(TABLE_NOT_FOUND, "Table %s does not exist; SHOW TABLES lists the tables of a schema".formatted(sourceName)));
            warehouse.requireSchema(session, targetName.getSchemaName());
            Warehouse.checkNameLength("Table", targetName.getTableName());
            Location target = warehouse.defaultTableLocation(targetName);
            if (warehouse.findTable(session, targetName).isPresent() || logAccess.transactionLog(session, target).exists()) {
                throw new TrinoException(TABLE_ALREADY_EXISTS, "Table already exists: " + targetName);
            }
            if (version != null && version < 0) {
                throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "version must be a version of table %s (0 or more), not %s".formatted(sourceName, version));
            }
            TableSnapshot snapshot = version == null ? logAccess.latestSnapshot(session, source) : logAccess.snapshotAtVersion(session, source, version);
            clones.cloneTable(session, sourceName, source, snapshot, target);
            log.info("Cloned %s version %s (%s files) to %s", sourceName, snapshot.version(), snapshot.activeFiles().size(), targetName);
        }
    }
}
