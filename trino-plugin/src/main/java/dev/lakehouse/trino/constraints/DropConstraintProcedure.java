package dev.lakehouse.trino.constraints;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import com.google.inject.Provider;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.procedure.Procedure;

import java.lang.invoke.MethodHandle;

import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.invoke.MethodHandles.lookup;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL system.drop_constraint(schema_name, table_name, constraint_name)}: Delta's {@code ALTER TABLE DROP
 * CONSTRAINT}; later writes no longer check it.
 */
public final class DropConstraintProcedure
        implements Provider<Procedure>
{
    private static final MethodHandle DROP_CONSTRAINT;

    static {
        try {
            DROP_CONSTRAINT = lookup().unreflect(DropConstraintProcedure.class.getMethod("dropConstraint", ConnectorSession.class, String.class, String.class, String.class));
        }
        catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private final ConstraintChanges changes;

    @Inject
    public DropConstraintProcedure(ConstraintChanges changes)
    {
        this.changes = requireNonNull(changes, "changes is null");
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "drop_constraint",
                ImmutableList.of(
                        new Procedure.Argument("SCHEMA_NAME", VARCHAR),
                        new Procedure.Argument("TABLE_NAME", VARCHAR),
                        new Procedure.Argument("CONSTRAINT_NAME", VARCHAR)),
                DROP_CONSTRAINT.bindTo(this));
    }

    public void dropConstraint(ConnectorSession session, String schemaName, String tableName, String name)
    {
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(getClass().getClassLoader())) {
            SchemaTableName table = new SchemaTableName(requireNonNull(schemaName, "schema_name is null"), requireNonNull(tableName, "table_name is null"));
            changes.commit(session, table, "DROP CONSTRAINT", ImmutableMap.of("name", String.valueOf(name)), false,
                    (snapshot, target) -> CheckConstraints.drop(snapshot.metadata(), name, target));
        }
    }
}
