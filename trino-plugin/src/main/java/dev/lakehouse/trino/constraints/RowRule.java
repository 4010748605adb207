package dev.lakehouse.trino.constraints;

import io.trino.spi.TrinoException;
import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.ArithmeticBinaryExpression;
import io.trino.sql.tree.ArithmeticUnaryExpression;
import io.trino.sql.tree.BetweenPredicate;
import io.trino.sql.tree.BooleanLiteral;
import io.trino.sql.tree.CoalesceExpression;
import io.trino.sql.tree.ComparisonExpression;
import io.trino.sql.tree.DecimalLiteral;
import io.trino.sql.tree.DoubleLiteral;
import io.trino.sql.tree.Expression;
import io.trino.sql.tree.FunctionCall;
import io.trino.sql.tree.GenericLiteral;
import io.trino.sql.tree.Identifier;
import io.trino.sql.tree.InListExpression;
import io.trino.sql.tree.InPredicate;
import io.trino.sql.tree.IsNotNullPredicate;
import io.trino.sql.tree.IsNullPredicate;
import io.trino.sql.tree.LikePredicate;
import io.trino.sql.tree.LogicalExpression;
import io.trino.sql.tree.LongLiteral;
import io.trino.sql.tree.NotExpression;
import io.trino.sql.tree.NullLiteral;
import io.trino.sql.tree.StringLiteral;
import io.trino.sql.tree.Trim;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.regex.Pattern;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT;
import static io.trino.spi.StandardErrorCode.DIVISION_BY_ZERO;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;

/**
 * A CHECK constraint evaluated here, on rows read from a table's files: Delta requires a new constraint to hold for
 * every row already in the table, and a procedure cannot have the engine evaluate an expression. It covers what
 * constraints are made of (columns, literals, comparisons, BETWEEN, IN, LIKE, IS NULL, AND, OR, NOT, arithmetic and a
 * few functions) with SQL's three-valued logic, and refuses anything else by name. Values are Java values: integers
 * as Long, real and double as Double, decimals as BigDecimal, strings, booleans, LocalDate and LocalDateTime.
 */
final class RowRule
{
    static final String SUPPORTED = "columns, literals, comparisons, BETWEEN, IN, LIKE, IS [NOT] NULL, AND, OR, NOT, + - * / %, " +
            "and the functions length, lower, upper, trim, ltrim, rtrim, abs, coalesce and cardinality";

    private interface Term
    {
        Object evaluate(Object[] row);
    }

    private final Term term;
    private final List<String> columns;

    private RowRule(Term term, List<String> columns)
    {
        this.term = term;
        this.columns = List.copyOf(columns);
    }

    /**
     * @param tableColumns the table's column names, in lower case
     */
    static RowRule compile(String name, String expression, Set<String> tableColumns)
    {
        Expression parsed;
        try {
            parsed = new SqlParser().createExpression(expression);
        }
        catch (ParsingException e) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "Constraint %s is not a valid SQL expression: %s".formatted(name, e.getMessage()), e);
        }
        Map<String, Integer> columnIndexes = new LinkedHashMap<>();
        Term term = new Compiler(name, tableColumns, columnIndexes).compile(parsed);
        return new RowRule(term, new ArrayList<>(columnIndexes.keySet()));
    }

    /**
     * The columns (lower case) whose values {@link #holds} takes, in that order.
     */
    List<String> columns()
    {
        return columns;
    }

    /**
     * True when the rule is true for the row; NULL breaks it, as the protocol requires a rule to be true.
     */
    boolean holds(Object[] row)
    {
        return Boolean.TRUE.equals(term.evaluate(row));
    }

    private record Compiler(String name, Set<String> tableColumns, Map<String, Integer> columnIndexes)
    {
        Term compile(Expression expression)
        {
            return switch (expression) {
                case Identifier identifier -> column(identifier.getValue().toLowerCase(Locale.ENGLISH));
                case LongLiteral literal -> constant(literal.getParsedValue());
                case DoubleLiteral literal -> constant(literal.getValue());
                case DecimalLiteral literal -> constant(new BigDecimal(literal.getValue()));
                case StringLiteral literal -> constant(literal.getValue());
                case BooleanLiteral literal -> constant(literal.getValue());
                case NullLiteral _ -> constant(null);
                case GenericLiteral literal -> constant(typedLiteral(literal));
                case NotExpression not -> not(compile(not.getValue()));
                case IsNullPredicate predicate -> isNull(compile(predicate.getValue()), true);
                case IsNotNullPredicate predicate -> isNull(compile(predicate.getValue()), false);
                case LogicalExpression logical -> logical(logical.getOperator() == LogicalExpression.Operator.AND, logical.getTerms().stream().map(this::compile).toList());
                case ComparisonExpression comparison -> comparison(comparison.getOperator(), compile(comparison.getLeft()), compile(comparison.getRight()));
                case BetweenPredicate between -> logical(true, List.of(
                        comparison(ComparisonExpression.Operator.GREATER_THAN_OR_EQUAL, compile(between.getValue()), compile(between.getMin())),
                        comparison(ComparisonExpression.Operator.LESS_THAN_OR_EQUAL, compile(between.getValue()), compile(between.getMax()))));
                case InPredicate in when in.getValueList() instanceof InListExpression list -> in(compile(in.getValue()), list.getValues().stream().map(this::compile).toList());
                case ArithmeticBinaryExpression arithmetic -> arithmetic(arithmetic.getOperator(), compile(arithmetic.getLeft()), compile(arithmetic.getRight()));
                case ArithmeticUnaryExpression unary when unary.getSign() == ArithmeticUnaryExpression.Sign.MINUS ->
                        arithmetic(ArithmeticBinaryExpression.Operator.SUBTRACT, constant(0L), compile(unary.getValue()));
                case ArithmeticUnaryExpression unary -> compile(unary.getValue());
                case LikePredicate like -> like(compile(like.getValue()), like.getPattern(), like.getEscape());
                case FunctionCall call -> function(call);
                case CoalesceExpression coalesce -> coalesce(coalesce.getOperands().stream().map(this::compile).toList());
                case Trim trim when trim.getTrimCharacter().isEmpty() -> trim(compile(trim.getTrimSource()), trim.getSpecification());
                default -> throw unsupported(expression.toString());
            };
        }

        private Term column(String column)
        {
            if (!tableColumns.contains(column)) {
                throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "Constraint %s reads column %s, which the table does not have; it has %s".formatted(name, column, tableColumns));
            }
            int index = columnIndexes.computeIfAbsent(column, _ -> columnIndexes.size());
            return row -> row[index];
        }

        private Object typedLiteral(GenericLiteral literal)
        {
            try {
                return switch (literal.getType().toLowerCase(Locale.ENGLISH)) {
                    case "date" -> LocalDate.parse(literal.getValue());
                    case "timestamp" -> LocalDateTime.parse(literal.getValue().strip().replace(' ', 'T'));
                    default -> throw unsupported(literal.toString());
                };
            }
            catch (DateTimeParseException e) {
                throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "Constraint %s has an invalid literal %s: %s".formatted(name, literal, e.getMessage()), e);
            }
        }

        private Term like(Term value, Expression pattern, Optional<Expression> escape)
        {
            if (!(pattern instanceof StringLiteral patternText) || (escape.isPresent() && !(escape.get() instanceof StringLiteral))) {
                throw unsupported("LIKE with a pattern that is not a string literal");
            }
            Optional<Character> escapeCharacter = escape.map(text -> ((StringLiteral) text).getValue()).filter(text -> !text.isEmpty()).map(text -> text.charAt(0));
            Pattern regex = likePattern(patternText.getValue(), escapeCharacter);
            return row -> {
                Object text = value.evaluate(row);
                return text == null ? null : regex.matcher(text.toString()).matches();
            };
        }

        private Term function(FunctionCall call)
        {
            List<Term> arguments = call.getArguments().stream().map(this::compile).toList();
            String function = call.getName().toString().toLowerCase(Locale.ENGLISH);
            return switch (function) {
                case "length" -> unary(function, arguments, value -> (long) value.toString().codePointCount(0, value.toString().length()));
                case "lower" -> unary(function, arguments, value -> value.toString().toLowerCase(Locale.ROOT));
                case "upper" -> unary(function, arguments, value -> value.toString().toUpperCase(Locale.ROOT));
                case "trim" -> trim(unary(function, arguments, value -> value), Trim.Specification.BOTH);
                case "ltrim" -> trim(unary(function, arguments, value -> value), Trim.Specification.LEADING);
                case "rtrim" -> trim(unary(function, arguments, value -> value), Trim.Specification.TRAILING);
                case "abs" -> unary(function, arguments, value -> arithmetic(ArithmeticBinaryExpression.Operator.MULTIPLY, value, compareValues(value, 0L) < 0 ? -1L : 1L));
                case "cardinality" -> unary(function, arguments, value -> (long) (value instanceof Map<?, ?> map ? map.size() : ((Collection<?>) value).size()));
                default -> throw unsupported("function " + function);
            };
        }

        // as Trino trims: spaces only
        private static Term trim(Term value, Trim.Specification specification)
        {
            return row -> {
                if (!(value.evaluate(row) instanceof String text)) {
                    return null;
                }
                int start = 0;
                int end = text.length();
                while (specification != Trim.Specification.TRAILING && start < end && text.charAt(start) == ' ') {
                    start++;
                }
                while (specification != Trim.Specification.LEADING && end > start && text.charAt(end - 1) == ' ') {
                    end--;
                }
                return text.substring(start, end);
            };
        }

        private Term unary(String function, List<Term> arguments, Function<Object, Object> apply)
        {
            if (arguments.size() != 1) {
                throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "Constraint %s calls %s with %s arguments; it takes 1".formatted(name, function, arguments.size()));
            }
            Term argument = arguments.getFirst();
            return row -> {
                Object value = argument.evaluate(row);
                return value == null ? null : apply.apply(value);
            };
        }

        private TrinoException unsupported(String what)
        {
            return new TrinoException(NOT_SUPPORTED, "Cannot check the rows already in the table against constraint %s: it uses %s, and this connector evaluates only %s. Add it to an empty table, or rewrite it with these"
                    .formatted(name, what, SUPPORTED));
        }
    }

    private static Term constant(Object value)
    {
        return _ -> value;
    }

    private static Term coalesce(List<Term> operands)
    {
        return row -> operands.stream().map(operand -> operand.evaluate(row)).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static Term not(Term term)
    {
        return row -> term.evaluate(row) instanceof Boolean value ? !value : null;
    }

    private static Term isNull(Term term, boolean whenNull)
    {
        return row -> (term.evaluate(row) == null) == whenNull;
    }

    // SQL's three-valued AND and OR: a deciding value wins over NULL
    private static Term logical(boolean and, List<Term> terms)
    {
        return row -> {
            boolean unknown = false;
            for (Term term : terms) {
                Object value = term.evaluate(row);
                if (value == null) {
                    unknown = true;
                }
                else if ((Boolean) value != and) {
                    return !and;
                }
            }
            return unknown ? null : and;
        };
    }

    private static Term comparison(ComparisonExpression.Operator operator, Term left, Term right)
    {
        return row -> {
            Object leftValue = left.evaluate(row);
            Object rightValue = right.evaluate(row);
            if (operator == ComparisonExpression.Operator.IS_DISTINCT_FROM) {
                return leftValue == null || rightValue == null ? (leftValue == null) != (rightValue == null) : compareValues(leftValue, rightValue) != 0;
            }
            if (leftValue == null || rightValue == null) {
                return null;
            }
            int order = compareValues(leftValue, rightValue);
            return switch (operator) {
                case EQUAL -> order == 0;
                case NOT_EQUAL -> order != 0;
                case LESS_THAN -> order < 0;
                case LESS_THAN_OR_EQUAL -> order <= 0;
                case GREATER_THAN -> order > 0;
                case GREATER_THAN_OR_EQUAL -> order >= 0;
                case IS_DISTINCT_FROM -> throw new IllegalStateException("handled above");
            };
        };
    }

    private static Term in(Term value, List<Term> candidates)
    {
        return row -> {
            Object searched = value.evaluate(row);
            if (searched == null) {
                return null;
            }
            boolean unknown = false;
            for (Term candidate : candidates) {
                Object candidateValue = candidate.evaluate(row);
                if (candidateValue == null) {
                    unknown = true;
                }
                else if (compareValues(searched, candidateValue) == 0) {
                    return true;
                }
            }
            return unknown ? null : false;
        };
    }

    private static Term arithmetic(ArithmeticBinaryExpression.Operator operator, Term left, Term right)
    {
        return row -> {
            Object leftValue = left.evaluate(row);
            Object rightValue = right.evaluate(row);
            return leftValue == null || rightValue == null ? null : arithmetic(operator, leftValue, rightValue);
        };
    }

    private static Object arithmetic(ArithmeticBinaryExpression.Operator operator, Object left, Object right)
    {
        if (!(left instanceof Number leftNumber) || !(right instanceof Number rightNumber)) {
            throw new TrinoException(NOT_SUPPORTED, "Cannot apply %s to %s and %s".formatted(operator.getValue(), left, right));
        }
        if (left instanceof Double || right instanceof Double) {
            return numeric(operator, leftNumber.doubleValue(), rightNumber.doubleValue(), (a, b) -> a + b, (a, b) -> a - b, (a, b) -> a * b, (a, b) -> a / b, (a, b) -> a % b);
        }
        if (left instanceof Long && right instanceof Long) {
            if ((operator == ArithmeticBinaryExpression.Operator.DIVIDE || operator == ArithmeticBinaryExpression.Operator.MODULUS) && rightNumber.longValue() == 0) {
                throw new TrinoException(DIVISION_BY_ZERO, "Division by zero");
            }
            return numeric(operator, leftNumber.longValue(), rightNumber.longValue(), Math::addExact, Math::subtractExact, Math::multiplyExact, (a, b) -> a / b, (a, b) -> a % b);
        }
        BigDecimal leftDecimal = decimal(leftNumber);
        BigDecimal rightDecimal = decimal(rightNumber);
        if ((operator == ArithmeticBinaryExpression.Operator.DIVIDE || operator == ArithmeticBinaryExpression.Operator.MODULUS) && rightDecimal.signum() == 0) {
            throw new TrinoException(DIVISION_BY_ZERO, "Division by zero");
        }
        return numeric(operator, leftDecimal, rightDecimal, BigDecimal::add, BigDecimal::subtract, BigDecimal::multiply, (a, b) -> a.divide(b, MathContext.DECIMAL128), BigDecimal::remainder);
    }

    private static <T> T numeric(ArithmeticBinaryExpression.Operator operator, T left, T right, BinaryOperator<T> add, BinaryOperator<T> subtract, BinaryOperator<T> multiply, BinaryOperator<T> divide, BinaryOperator<T> modulus)
    {
        return switch (operator) {
            case ADD -> add.apply(left, right);
            case SUBTRACT -> subtract.apply(left, right);
            case MULTIPLY -> multiply.apply(left, right);
            case DIVIDE -> divide.apply(left, right);
            case MODULUS -> modulus.apply(left, right);
        };
    }

    /**
     * Orders two non-null values: numbers of any kind by value, otherwise values of the same kind (as Trino, which
     * checks the constraint on later writes, does not compare a date with a string).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareValues(Object left, Object right)
    {
        if (left instanceof Number leftNumber && right instanceof Number rightNumber) {
            if (left instanceof Double || right instanceof Double) {
                double a = leftNumber.doubleValue();
                double b = rightNumber.doubleValue();
                return a == b ? 0 : Double.compare(a, b);
            }
            return decimal(leftNumber).compareTo(decimal(rightNumber));
        }
        if (left instanceof Comparable comparable && left.getClass() == right.getClass()) {
            return comparable.compareTo(right);
        }
        throw new TrinoException(NOT_SUPPORTED, "Cannot compare %s with %s".formatted(left, right));
    }

    private static BigDecimal decimal(Number number)
    {
        return number instanceof BigDecimal decimal ? decimal : BigDecimal.valueOf(number.longValue());
    }

    // a LIKE pattern as a regular expression: % any characters, _ one, the escape character quoting the next one
    private static Pattern likePattern(String pattern, Optional<Character> escape)
    {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (escape.isPresent() && c == escape.get() && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            }
            else if (c == '%') {
                regex.append(".*");
            }
            else if (c == '_') {
                regex.append('.');
            }
            else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
