package dev.lakehouse.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trino.spi.type.Type;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS;

/**
 * Reads and writes the {@code stats} JSON of {@code add} actions:
 * {@code {"numRecords":N,"minValues":{...},"maxValues":{...},"nullCount":{...}}}, keyed by physical column names.
 */
public final class StatisticsJson
{
    // decimals keep all their digits: as doubles, long decimals would round, and a rounded bound may exclude real values
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(USE_BIG_DECIMAL_FOR_FLOATS);

    private StatisticsJson() {}

    public static String serialize(FileStatistics statistics, Map<String, Type> columnTypes)
    {
        ObjectNode root = MAPPER.createObjectNode();
        statistics.numRecords().ifPresent(count -> root.put("numRecords", count));
        ObjectNode minValues = root.putObject("minValues");
        ObjectNode maxValues = root.putObject("maxValues");
        ObjectNode nullCount = root.putObject("nullCount");
        columnTypes.forEach((column, type) -> {
            statistics.min(column).flatMap(value -> StatisticsValues.toJson(type, value, false)).ifPresent(json -> minValues.set(column, json));
            statistics.max(column).flatMap(value -> StatisticsValues.toJson(type, value, true)).ifPresent(json -> maxValues.set(column, json));
            statistics.nullCount(column).ifPresent(count -> nullCount.put(column, count));
        });
        return root.toString();
    }

    /**
     * Parses statistics of the given top-level columns; unparsable or missing statistics become unknown.
     */
    public static FileStatistics parse(Optional<String> json, Map<String, Type> columnTypes)
    {
        if (json.isEmpty()) {
            return FileStatistics.EMPTY;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json.get());
        }
        catch (JsonProcessingException e) {
            return FileStatistics.EMPTY;
        }
        if (root == null || !root.isObject()) {
            return FileStatistics.EMPTY;
        }
        Optional<Long> numRecords = root.hasNonNull("numRecords") ? Optional.of(root.get("numRecords").asLong()) : Optional.empty();
        Map<String, Object> minValues = new HashMap<>();
        Map<String, Object> maxValues = new HashMap<>();
        Map<String, Long> nullCounts = new HashMap<>();
        JsonNode min = root.path("minValues");
        JsonNode max = root.path("maxValues");
        JsonNode nulls = root.path("nullCount");
        columnTypes.forEach((column, type) -> {
            StatisticsValues.fromJson(type, min.get(column), false).ifPresent(value -> minValues.put(column, value));
            StatisticsValues.fromJson(type, max.get(column), true).ifPresent(value -> maxValues.put(column, value));
            JsonNode count = nulls.get(column);
            if (count != null && count.canConvertToLong()) {
                nullCounts.put(column, count.asLong());
            }
        });
        return new FileStatistics(numRecords, minValues, maxValues, nullCounts);
    }
}
