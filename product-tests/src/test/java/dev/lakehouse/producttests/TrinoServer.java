package dev.lakehouse.producttests;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.trino.jdbc.QueryStats;
import io.trino.jdbc.TrinoResultSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A real Trino 476 server process with the lakehouse plugin installed from its zip, next to Trino's own Delta
 * Lake connector (catalog {@code delta}) over the same local warehouse.
 */
public final class TrinoServer
        implements AutoCloseable
{
    /**
     * Session properties (for {@link #queryWithStatistics}) that give the lakehouse one split per file, so that the
     * splits of a query count the files it reads.
     */
    public static final Map<String, String> ONE_SPLIT_PER_FILE = Map.of("lakehouse.combine_small_files", "false");

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    private final Path directory;
    private final Path serverDirectory;
    private final Path warehouse;
    private final int port;
    private final Path log;
    private volatile Process process;

    public TrinoServer()
            throws IOException, InterruptedException
    {
        this(ImmutableMap.of());
    }

    /**
     * A server with further catalogs besides tpch, memory, delta and lakehouse, for example
     * {@code postgresql} from {@link PostgresServer#catalogProperties()} (Trino's full server ships that plugin).
     *
     * @param additionalCatalogs the properties of each further catalog by catalog name
     */
    public TrinoServer(Map<String, Map<String, String>> additionalCatalogs)
            throws IOException, InterruptedException
    {
        this(additionalCatalogs, false);
    }

    /**
     * A server whose catalogs of these names replace the ones it has by default (for example a {@code lakehouse}
     * catalog on S3 instead of the local warehouse), and with the others added.
     */
    public static TrinoServer replacingCatalogs(Map<String, Map<String, String>> catalogs)
            throws IOException, InterruptedException
    {
        return new TrinoServer(catalogs, true);
    }

    private TrinoServer(Map<String, Map<String, String>> additionalCatalogs, boolean replaceExisting)
            throws IOException, InterruptedException
    {
        directory = Files.createTempDirectory("lakehouse-product-test");
        warehouse = directory.resolve("warehouse");
        port = freePort();
        serverDirectory = directory.resolve("server");
        String javaHome = System.getProperty("java.home");
        run(ImmutableList.of(property("lakehouse.server.setup"), serverDirectory.toString(), warehouse.toString(), String.valueOf(port), property("lakehouse.plugin.zip")), javaHome);
        for (Map.Entry<String, Map<String, String>> catalog : additionalCatalogs.entrySet()) {
            Path file = serverDirectory.resolve("etc/catalog").resolve(catalog.getKey() + ".properties");
            if (Files.exists(file) && !replaceExisting) {
                throw new IllegalArgumentException("catalog " + catalog.getKey() + " exists already");
            }
            Files.write(file, catalog.getValue().entrySet().stream().map(property -> property.getKey() + "=" + property.getValue()).toList(), UTF_8);
        }

        log = directory.resolve("server.log");
        process = startProcess();
        try {
            waitUntilStarted();
        }
        catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Process startProcess()
            throws IOException
    {
        String javaHome = System.getProperty("java.home");
        ProcessBuilder builder = new ProcessBuilder(serverDirectory.resolve("bin/launcher").toString(), "run")
                .directory(serverDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("JAVA_HOME", javaHome);
        builder.environment().put("PATH", javaHome + "/bin:" + System.getenv("PATH"));
        return builder.start();
    }

    /**
     * Kills the server with SIGKILL, as a crash or an out-of-memory killer would (no shutdown hook runs), and starts
     * it again on the same folders.
     */
    public void killAndRestart()
            throws IOException, InterruptedException
    {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
        process = startProcess();
        waitUntilStarted();
    }

    /**
     * The folder of the {@code lakehouse} catalog: {@code <warehouse>/<schema>/<table>} is a table.
     */
    public int port()
    {
        return port;
    }

    public Path lakehouseWarehouse()
    {
        return warehouse.resolve("lakehouse");
    }

    /**
     * The folder under which Trino's Delta Lake connector (file metastore) keeps its tables: {@code <dir>/<schema>/<table>}.
     */
    public Path deltaWarehouse()
    {
        return warehouse.resolve("delta-metastore");
    }

    /**
     * A folder outside both catalogs' warehouses, for files a test prepares.
     */
    public Path scratchDirectory()
    {
        return directory.resolve("scratch");
    }

    public Connection connect()
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", "test");
        return DriverManager.getConnection("jdbc:trino://127.0.0.1:" + port, properties);
    }

    public void execute(String sql)
            throws SQLException
    {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * All rows of a query, each as a list of column values rendered as strings (NULL as null).
     */
    public List<List<String>> query(String sql)
            throws SQLException
    {
        return queryWithStatistics(Map.of(), sql).rows();
    }

    public record QueryExecution(List<List<String>> rows, QueryStats stats) {}

    /**
     * A query's rows (as {@link #query}) and final statistics, in a session with the given properties (values as SQL
     * literals).
     */
    public QueryExecution queryWithStatistics(Map<String, String> sessionProperties, String sql)
            throws SQLException
    {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> property : sessionProperties.entrySet()) {
                statement.execute("SET SESSION %s = %s".formatted(property.getKey(), property.getValue()));
            }
            try (ResultSet resultSet = statement.executeQuery(sql)) {
                ResultSetMetaData metadata = resultSet.getMetaData();
                List<List<String>> rows = new ArrayList<>();
                while (resultSet.next()) {
                    List<String> row = new ArrayList<>();
                    for (int column = 1; column <= metadata.getColumnCount(); column++) {
                        row.add(render(metadata.getColumnType(column), resultSet, column));
                    }
                    rows.add(row);
                }
                return new QueryExecution(rows, resultSet.unwrap(TrinoResultSet.class).getStats());
            }
        }
    }

    private static String render(int sqlType, ResultSet resultSet, int column)
            throws SQLException
    {
        return switch (sqlType) {
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> render(resultSet.getBytes(column));
            case Types.ARRAY -> {
                Array array = resultSet.getArray(column);
                yield array == null ? null : render(array.getArray());
            }
            case Types.JAVA_OBJECT -> render(resultSet.getObject(column));
            default -> resultSet.getString(column);
        };
    }

    /**
     * Renders nested values so that equal values print equally (binary as hex, maps ordered by key).
     */
    private static String render(Object value)
    {
        return switch (value) {
            case null -> null;
            case byte[] bytes -> "X'" + HexFormat.of().formatHex(bytes) + "'";
            case Object[] elements -> Arrays.stream(elements).map(TrinoServer::render).toList().toString();
            case List<?> elements -> elements.stream().map(TrinoServer::render).toList().toString();
            case Map<?, ?> map -> map.entrySet().stream()
                    .map(entry -> render(entry.getKey()) + "=" + render(entry.getValue()))
                    .sorted()
                    .collect(Collectors.joining(", ", "{", "}"));
            default -> value.toString();
        };
    }

    private void waitUntilStarted()
            throws IOException, InterruptedException
    {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Trino server exited during startup:\n" + logTail());
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"starting\":false") && acceptsQueries()) {
                    return;
                }
            }
            catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IOException("Trino server did not start within " + STARTUP_TIMEOUT + ":\n" + logTail());
    }

    /**
     * The coordinator says it started a moment before it has registered itself as a worker.
     */
    private boolean acceptsQueries()
    {
        try {
            return !query("SELECT count(*) FROM tpch.tiny.region").isEmpty();
        }
        catch (SQLException e) {
            return false;
        }
    }

    private String logTail()
            throws IOException
    {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    @Override
    public void close()
    {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static void run(List<String> command, String javaHome)
            throws IOException, InterruptedException
    {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", javaHome);
        Process setup = builder.start();
        String output = new String(setup.getInputStream().readAllBytes());
        if (setup.waitFor() != 0) {
            throw new IOException("Server setup failed: " + command + "\n" + output);
        }
    }

    static String property(String name)
    {
        return requireNonNull(System.getProperty(name), "system property " + name + " is not set; run the product tests through Maven");
    }

    static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
