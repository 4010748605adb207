package dev.lakehouse.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * What a finished query read and cost, from the coordinator's REST API: splits of its table scans, the data files
 * they read, physical bytes, and the CPU time of all its tasks (much steadier than wall time on a machine of few cores).
 *
 * @param scanFiles the data files the scans opened: the lakehouse connector's {@code filesRead} metric (a split may
 *         read several small files); for a connector without it, the splits
 */
record QueryStatistics(long wallMillis, long cpuMillis, long scanSplits, long scanFiles, long physicalInputBytes)
{
    private static final String FILES_READ_METRIC = "filesRead";

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
        long files = 0;
        boolean filesCounted = false;
        for (JsonNode operator : stats.path("operatorSummaries")) {
            String type = operator.path("operatorType").asText();
            if (type.equals("TableScanOperator") || type.equals("ScanFilterAndProjectOperator")) {
                splits += operator.path("totalDrivers").asLong();
                JsonNode filesRead = operator.path("connectorMetrics").path(FILES_READ_METRIC);
                if (!filesRead.isMissingNode()) {
                    filesCounted = true;
                    files += filesRead.path("total").asLong();
                }
            }
        }
        return new QueryStatistics(wallMillis, parseDurationMillis(stats.path("totalCpuTime").asText("0ms")), splits, filesCounted ? files : splits,
                parseDataSize(stats.path("physicalInputDataSize").asText("0B")));
    }

    private static long parseDurationMillis(String value)
    {
        // airlift Duration JSON: e.g. "153.27ms" or "1.50s"
        String number = value.replaceAll("[A-Za-z]+$", "");
        String unit = value.substring(number.length());
        double amount = Double.parseDouble(number);
        return Math.round(switch (unit) {
            case "ns" -> amount / 1_000_000;
            case "us" -> amount / 1_000;
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            case "d" -> amount * 86_400_000;
            default -> throw new IllegalArgumentException("Unknown duration unit in " + value);
        });
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
