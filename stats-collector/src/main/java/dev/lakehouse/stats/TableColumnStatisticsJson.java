package dev.lakehouse.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;

import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The open file format of {@link TableColumnStatistics}, stored beside the transaction log:
 * <pre>
 * {"format": "lakehouse-column-statistics", "formatVersion": 1, "tableVersion": 7,
 *  "columns": {"orderkey": {"distinctValues": 15000, "distinctValuesSketch": "&lt;base64 airlift HyperLogLog&gt;",
 *                           "totalSizeInBytes": 120000}}}
 * </pre>
 * {@code distinctValues} is the sketch's estimate, written for readers without a HyperLogLog implementation;
 * every column field is optional.
 */
public final class TableColumnStatisticsJson
{
    public static final String FORMAT = "lakehouse-column-statistics";
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TableColumnStatisticsJson() {}

    public static String serialize(TableColumnStatistics statistics)
    {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("tableVersion", statistics.tableVersion());
        ObjectNode columns = root.putObject("columns");
        statistics.columns().forEach((name, summary) -> {
            ObjectNode column = columns.putObject(name);
            summary.distinctValues().ifPresent(count -> column.put("distinctValues", count));
            summary.distinctValuesSketch().ifPresent(sketch -> column.put("distinctValuesSketch", Base64.getEncoder().encodeToString(sketch.getBytes())));
            summary.totalSizeInBytes().ifPresent(size -> column.put("totalSizeInBytes", size));
        });
        try {
            return MAPPER.writeValueAsString(root);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @throws IllegalArgumentException naming what is wrong when the text is not such a file
     */
    public static TableColumnStatistics parse(String json)
    {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("formatVersion").asInt() != FORMAT_VERSION) {
            throw new IllegalArgumentException("not a %s file of format version %s".formatted(FORMAT, FORMAT_VERSION));
        }
        if (!root.path("tableVersion").canConvertToLong()) {
            throw new IllegalArgumentException("tableVersion is missing");
        }
        Map<String, ColumnSummary> columns = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.path("columns").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode column = field.getValue();
            Optional<Slice> sketch = column.hasNonNull("distinctValuesSketch")
                    ? Optional.of(Slices.wrappedBuffer(Base64.getDecoder().decode(column.get("distinctValuesSketch").asText())))
                    : Optional.empty();
            OptionalLong size = column.hasNonNull("totalSizeInBytes") ? OptionalLong.of(column.get("totalSizeInBytes").asLong()) : OptionalLong.empty();
            columns.put(field.getKey(), new ColumnSummary(sketch, size));
        }
        return new TableColumnStatistics(root.get("tableVersion").asLong(), columns);
    }
}
