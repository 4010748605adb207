package dev.lakehouse.stats;

import io.trino.spi.type.Type;
import io.trino.spi.type.TypeOperators;

import java.lang.invoke.MethodHandle;
import java.util.Comparator;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Throwables.throwIfUnchecked;
import static io.trino.spi.function.InvocationConvention.InvocationArgumentConvention.NEVER_NULL;
import static io.trino.spi.function.InvocationConvention.InvocationReturnConvention.FAIL_ON_NULL;
import static io.trino.spi.function.InvocationConvention.simpleConvention;

/**
 * The order of a Trino type's native values (Long, Double, Slice, Int128, ...) as a {@link Comparator}, for code
 * that sorts or bounds values outside the engine: clustering keys, layout metrics.
 */
public final class ValueOrdering
{
    private static final TypeOperators TYPE_OPERATORS = new TypeOperators();

    private ValueOrdering() {}

    public static Comparator<Object> comparator(Type type)
    {
        checkArgument(type.isOrderable(), "type %s is not orderable", type);
        MethodHandle comparison = TYPE_OPERATORS.getComparisonUnorderedLastOperator(type, simpleConvention(FAIL_ON_NULL, NEVER_NULL, NEVER_NULL));
        return (left, right) -> {
            try {
                return Long.signum((long) comparison.invoke(left, right));
            }
            catch (Throwable e) {
                throwIfUnchecked(e);
                throw new RuntimeException(e);
            }
        };
    }
}
