package dev.lakehouse.stats;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.transactionlog.statistics.StatisticsValueJson;
import io.trino.spi.type.Type;

import java.util.Optional;

/**
 * Converts min/max values between Trino's native representation and the JSON of Delta's file statistics.
 * Only types whose order Delta and Trino agree on have min/max statistics. The conversion itself is
 * {@link StatisticsValueJson}, shared with the checkpoint reader and writer of the transaction log.
 */
public final class StatisticsValues
{
    /** Longer strings are truncated in minimum values and left out of maximum values, as Delta writers do. */
    public static final int MAX_STRING_LENGTH = StatisticsValueJson.MAX_STRING_LENGTH;

    private StatisticsValues() {}

    public static boolean hasMinMax(Type type)
    {
        return StatisticsValueJson.hasMinMax(type);
    }

    /**
     * The JSON for a minimum ({@code isMax=false}) or maximum value, or empty when it cannot be written exactly
     * enough to stay a valid bound.
     */
    public static Optional<JsonNode> toJson(Type type, Object value, boolean isMax)
    {
        return StatisticsValueJson.toJson(type, value, isMax);
    }

    /**
     * Reads a statistics value written by any Delta writer; empty when it is missing or cannot be used as a bound.
     */
    public static Optional<Object> fromJson(Type type, JsonNode node, boolean isMax)
    {
        return StatisticsValueJson.fromJson(type, node, isMax);
    }
}
