package dev.lakehouse.producttests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import static dev.lakehouse.producttests.TrinoServer.freePort;
import static dev.lakehouse.producttests.TrinoServer.property;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The maintenance service as a user runs it: its own process, started and stopped with {@code bin/maintenance-service}
 * over a configuration folder written here, against a {@link TrinoServer} and its lakehouse warehouse.
 */
public final class MaintenanceServiceProcess
        implements AutoCloseable
{
    public static final String API_TOKEN = "product-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path etcDirectory;
    private final Path stateDirectory;
    private final int port;
    private final HttpClient client = HttpClient.newHttpClient();

    /**
     * @param properties configuration beyond the warehouse, Trino, port and token (which this sets)
     */
    public MaintenanceServiceProcess(TrinoServer trino, Path directory, Map<String, String> properties)
            throws IOException, InterruptedException
    {
        this(directory,
                configuration(trino, properties),
                List.of("node.environment=product_test", "node.id=" + directory.getFileName()),
                List.of("dev.lakehouse=INFO"));
    }

    /**
     * An instance configured by a folder as a user writes it ({@code config.properties}, {@code node.properties},
     * {@code log.properties}), each configuration value rewritten (say, a host name to this machine's address) and
     * the HTTP port replaced by a free one, since instances on one machine cannot share it.
     */
    public static MaintenanceServiceProcess configuredBy(Path etcSource, Path directory, UnaryOperator<String> rewriteValue)
            throws IOException, InterruptedException
    {
        Map<String, String> config = new LinkedHashMap<>();
        readProperties(etcSource.resolve("config.properties")).forEach((key, value) -> config.put(key, rewriteValue.apply(value)));
        config.put("http-server.http.port", String.valueOf(freePort()));
        return new MaintenanceServiceProcess(directory, config, Files.readAllLines(etcSource.resolve("node.properties")), Files.readAllLines(etcSource.resolve("log.properties")));
    }

    private MaintenanceServiceProcess(Path directory, Map<String, String> config, List<String> nodeProperties, List<String> logProperties)
            throws IOException, InterruptedException
    {
        this.etcDirectory = directory.resolve("etc");
        this.stateDirectory = directory.resolve("var");
        this.port = Integer.parseInt(config.get("http-server.http.port"));
        Files.createDirectories(etcDirectory);
        Files.write(etcDirectory.resolve("config.properties"), config.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).toList(), UTF_8);
        Files.write(etcDirectory.resolve("node.properties"), nodeProperties, UTF_8);
        Files.write(etcDirectory.resolve("log.properties"), logProperties, UTF_8);
        launcher("start");
    }

    private static Map<String, String> configuration(TrinoServer trino, Map<String, String> properties)
    {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("http-server.http.port", String.valueOf(freePort()));
        config.put("http-server.log.enabled", "false");
        config.put("lakehouse.warehouse", trino.lakehouseWarehouse().toString());
        config.put("trino.url", "jdbc:trino://127.0.0.1:%s/lakehouse".formatted(trino.port()));
        config.put("maintenance.api-token", API_TOKEN);
        config.putAll(properties);
        return config;
    }

    /**
     * The entries of a properties file, in the file's order.
     */
    public static Map<String, String> readProperties(Path file)
            throws IOException
    {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, UTF_8)) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            int separator = entry.indexOf('=');
            if (separator < 0) {
                throw new IOException("%s: not a key=value line: %s".formatted(file, line));
            }
            properties.put(entry.substring(0, separator).strip(), entry.substring(separator + 1).strip());
        }
        return properties;
    }

    public int port()
    {
        return port;
    }

    public Path serverLog()
    {
        return stateDirectory.resolve("log/server.log");
    }

    public JsonNode get(String path)
    {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET %s answered %s: %s".formatted(path, response.statusCode(), response.body()));
        }
        return parse(response.body());
    }

    public HttpResponse<String> post(String path, String body, Optional<String> token)
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        return send(request.build());
    }

    public String getText(String path)
    {
        return send(HttpRequest.newBuilder(uri(path)).GET().build()).body();
    }

    /**
     * Polls {@code GET path} until the answer satisfies {@code condition}.
     */
    public JsonNode await(String path, Predicate<JsonNode> condition, Duration timeout, String description)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Timed out after %s waiting for %s; last answer of %s: %s".formatted(timeout, description, path, last));
    }

    public static JsonNode parse(String json)
    {
        try {
            return JSON.readTree(json);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String launcher(String command)
            throws IOException, InterruptedException
    {
        ProcessBuilder builder = new ProcessBuilder(ImmutableList.of(property("lakehouse.maintenance.launcher"), command, "--etc-dir", etcDirectory.toString()))
                .redirectErrorStream(true);
        builder.environment().put("MAINTENANCE_SERVICE_VAR", stateDirectory.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        int exit = process.waitFor();
        if (exit != 0 && !command.equals("status")) {
            throw new IOException("bin/maintenance-service %s failed (%s):\n%s\n%s".formatted(command, exit, output, logTail()));
        }
        return output;
    }

    /**
     * Kills the service's JVM with SIGKILL, as a crashed machine would stop it.
     */
    public void kill()
            throws IOException
    {
        long pid = Long.parseLong(Files.readString(stateDirectory.resolve("launcher.pid")).strip());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    public String logTail()
    {
        try {
            if (!Files.exists(serverLog())) {
                return "(no server log)";
            }
            List<String> lines = Files.readAllLines(serverLog());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
        catch (IOException e) {
            return "(cannot read the server log: " + e.getMessage() + ")";
        }
    }

    private URI uri(String path)
    {
        return URI.create("http://127.0.0.1:%s%s".formatted(port, path));
    }

    private HttpResponse<String> send(HttpRequest request)
    {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close()
            throws IOException, InterruptedException
    {
        launcher("stop");
    }
}
