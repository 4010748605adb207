package dev.lakehouse.trino.constraints;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import com.google.inject.Provider;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.procedure.Procedure;

import java.lang.invoke.MethodHandle;

import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.invoke.MethodHandles.lookup;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL system.add_constraint(schema_name, table_name, constraint_name, expression)}: a Delta CHECK constraint
 * that every later INSERT, UPDATE and MERGE must satisfy (Delta's {@code ALTER TABLE ADD CONSTRAINT}), added only when
 * every row already in the table satisfies it, and only if no data changed while they were checked.
 */
public final class AddConstraintProcedure
        implements Provider<Procedure>
{
    private static final MethodHandle ADD_CONSTRAINT;

    static {
        try {
            ADD_CONSTRAINT = lookup().unreflect(AddConstraintProcedure.class.getMethod("addConstraint", ConnectorSession.class, String.class, String.class, String.class, String.class));
        }
        catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private final ConstraintChanges changes;
    private final ExistingRowsCheck existingRows;

    @Inject
    public AddConstraintProcedure(ConstraintChanges changes, ExistingRowsCheck existingRows)
    {
        this.changes = requireNonNull(changes, "changes is null");
        this.existingRows = requireNonNull(existingRows, "existingRows is null");
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "add_constraint",
                ImmutableList.of(
                        new Procedure.Argument("SCHEMA_NAME", VARCHAR),
                        new Procedure.Argument("TABLE_NAME", VARCHAR),
                        new Procedure.Argument("CONSTRAINT_NAME", VARCHAR),
                        new Procedure.Argument("EXPRESSION", VARCHAR)),
                ADD_CONSTRAINT.bindTo(this));
    }

    public void addConstraint(ConnectorSession session, String schemaName, String tableName, String name, String expression)
    {
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(getClass().getClassLoader())) {
            SchemaTableName table = new SchemaTableName(requireNonNull(schemaName, "schema_name is null"), requireNonNull(tableName, "table_name is null"));
            changes.commit(session, table, "ADD CONSTRAINT", ImmutableMap.of("name", String.valueOf(name), "expr", String.valueOf(expression)), true, (snapshot, target) -> {
                MetadataEntry metadata = CheckConstraints.add(snapshot.metadata(), name, expression, target);
                // Delta requires the rows already there to satisfy a new constraint
                existingRows.check(session, target, snapshot.tableLocation().toString(), snapshot, CheckConstraints.key(name), expression);
                return metadata;
            });
        }
    }
}
