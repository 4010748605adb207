package dev.lakehouse.trino.procedure;

import io.trino.spi.TrinoException;

import static io.trino.spi.StandardErrorCode.INVALID_PROCEDURE_ARGUMENT;

/**
 * Checks of the arguments of procedures and table functions, with errors that name the argument.
 */
public final class ProcedureArguments
{
    private ProcedureArguments() {}

    /**
     * @param name the argument's name as users write it ({@code schema_name})
     */
    public static String requireNonEmpty(String value, String name)
    {
        if (value == null || value.isBlank()) {
            throw new TrinoException(INVALID_PROCEDURE_ARGUMENT, name + " must be a non-empty string");
        }
        return value;
    }
}
