package dev.lakehouse.trino.vacuum;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import com.google.inject.Provider;
import dev.lakehouse.transactionlog.vacuum.VacuumResult;
import io.airlift.log.Logger;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;

import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.invoke.MethodHandles.lookup;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL system.vacuum(schema_name, table_name[, retention])}: deletes the files no version within the retention
 * needs (see {@code VacuumPlanner}); {@code SELECT * FROM TABLE(system.vacuum_plan(...))} shows them first.
 */
public final class VacuumProcedure
        implements Provider<Procedure>
{
    private static final Logger log = Logger.get(VacuumProcedure.class);
    private static final MethodHandle VACUUM;

    static {
        try {
            VACUUM = lookup().unreflect(VacuumProcedure.class.getMethod("vacuum", ConnectorSession.class, String.class, String.class, String.class));
        }
        catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private final TableVacuum tableVacuum;

    @Inject
    public VacuumProcedure(TableVacuum tableVacuum)
    {
        this.tableVacuum = requireNonNull(tableVacuum, "tableVacuum is null");
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "vacuum",
                ImmutableList.of(
                        new Procedure.Argument("SCHEMA_NAME", VARCHAR),
                        new Procedure.Argument("TABLE_NAME", VARCHAR),
                        new Procedure.Argument("RETENTION", VARCHAR, false, null)),
                VACUUM.bindTo(this));
    }

    public void vacuum(ConnectorSession session, String schemaName, String tableName, String retention)
    {
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(getClass().getClassLoader())) {
            VacuumTarget target = tableVacuum.target(session, schemaName, tableName, Optional.ofNullable(retention));
            VacuumResult result = tableVacuum.vacuum(session, target);
            log.info("Vacuum of %s with retention %s deleted %s files (%s bytes), versions %s-%s", target.table(), target.retention(), result.deletedFiles(), result.deletedBytes(), result.startVersion(), result.endVersion());
        }
    }
}
