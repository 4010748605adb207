package dev.lakehouse.producttests;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A PostgreSQL server of its own for one test class, started by {@code bin/postgres} (which installs the Debian
 * package {@code postgresql} when it is missing) in a fresh data directory on a free port, and stopped on close.
 */
public final class PostgresServer
        implements AutoCloseable
{
    public static final String USER = "lakehouse";
    public static final String PASSWORD = "lakehouse";

    private final Path directory;
    private final String jdbcUrl;
    private boolean running;

    public PostgresServer()
            throws IOException, InterruptedException
    {
        // under /tmp, not under a test folder: the server runs as the `postgres` user when the tests run as root
        directory = Files.createTempDirectory("lakehouse-postgres");
        int port = freePort();
        running = true;
        try {
            List<String> output = run(ImmutableList.of("start", "--dir", directory.toString(), "--port", String.valueOf(port)));
            jdbcUrl = output.getLast();
        }
        catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        if (!jdbcUrl.startsWith("jdbc:postgresql://127.0.0.1:" + port + "/")) {
            close();
            throw new IOException("bin/postgres printed no JDBC URL for port " + port + ": " + jdbcUrl);
        }
    }

    public String jdbcUrl()
    {
        return jdbcUrl;
    }

    /**
     * The properties of a Trino catalog with {@code connector.name=postgresql} over this server.
     */
    public Map<String, String> catalogProperties()
    {
        return ImmutableMap.of(
                "connector.name", "postgresql",
                "connection-url", jdbcUrl,
                "connection-user", USER,
                "connection-password", PASSWORD);
    }

    @Override
    public void close()
    {
        if (!running) {
            return;
        }
        running = false;
        try {
            run(ImmutableList.of("stop", "--dir", directory.toString()));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finally {
            deleteRecursively(directory);
        }
    }

    /**
     * Runs {@code bin/postgres} and returns its standard output lines; fails with everything it printed.
     */
    private static List<String> run(List<String> arguments)
            throws IOException, InterruptedException
    {
        String script = requireNonNull(System.getProperty("lakehouse.postgres.script"), "system property lakehouse.postgres.script is not set; run the product tests through Maven");
        Path errors = Files.createTempFile("lakehouse-postgres", ".log");
        try {
            Process process = new ProcessBuilder(ImmutableList.<String>builder().add(script).addAll(arguments).build())
                    .redirectError(errors.toFile())
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("PostgreSQL is needed by this test and bin/postgres %s failed; its output:\n%s%s".formatted(
                        String.join(" ", arguments), Files.readString(errors), output));
            }
            return output.lines().toList();
        }
        finally {
            Files.deleteIfExists(errors);
        }
    }

    private static void deleteRecursively(Path path)
    {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted((left, right) -> right.getNameCount() - left.getNameCount()).forEach(file -> file.toFile().delete());
        }
        catch (IOException | UncheckedIOException e) {
            // the server's folder in /tmp is only garbage now
        }
    }

    private static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
