package dev.lakehouse.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * What a finished query read, from the coordinator's REST API: splits of its table scans, and physical bytes.
 */
record QueryStatistics(long wallMillis, long scanSplits, long physicalInputBytes)
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    static QueryStatistics fetch(URI server, String queryId, long wallMillis)
            throws IOException, InterruptedException
    {
        HttpRequest request = HttpRequest.newBuilder(server.resolve("/v1/query/" + queryId))
                .header("X-Trino-User", "benchmark")
                .build();
        JsonNode query = MAPPER.readTree(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body());
        JsonNode stats = query.path("queryStats");
        long splits = 0;
        for (JsonNode operator : stats.path("operatorSummaries")) {
            String type = operator.path("operatorType").asText();
            if (type.equals("TableScanOperator") || type.equals("ScanFilterAndProjectOperator")) {
                splits += operator.path("totalDrivers").asLong();
            }
        }
        return new QueryStatistics(wallMillis, splits, parseDataSize(stats.path("physicalInputDataSize").asText("0B")));
    }

    private static long parseDataSize(String value)
    {
        // airlift DataSize JSON: e.g. "12345B" or "1.5MB"
        String number = value.replaceAll("[A-Za-z]+$", "");
        String unit = value.substring(number.length());
        double bytes = Double.parseDouble(number);
        return (long) switch (unit) {
            case "kB" -> bytes * 1024;
            case "MB" -> bytes * 1024 * 1024;
            case "GB" -> bytes * 1024 * 1024 * 1024;
            case "TB" -> bytes * 1024 * 1024 * 1024 * 1024;
            default -> bytes;
        };
    }
}
