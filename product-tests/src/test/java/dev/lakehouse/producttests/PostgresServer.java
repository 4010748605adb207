package dev.lakehouse.producttests;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL server of its own for one test class, started by {@code bin/postgres} (which installs the Debian
 * package {@code postgresql} when it is missing) in a fresh data directory on a free port, and stopped on close.
 */
public final class PostgresServer
        implements AutoCloseable
{
    public static final String USER = "lakehouse";
    public static final String PASSWORD = "lakehouse";
    private static final String SCRIPT = "lakehouse.postgres.script";
    private static final String WHAT = "PostgreSQL";

    private final Path directory;
    private final String jdbcUrl;
    private boolean running;

    public PostgresServer()
            throws IOException, InterruptedException
    {
        // under /tmp, not under a test folder: the server runs as the `postgres` user when the tests run as root
        directory = Files.createTempDirectory("lakehouse-postgres");
        int port = TrinoServer.freePort();
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
        LauncherScripts.stopAndDelete(SCRIPT, WHAT, ImmutableList.of("stop", "--dir", directory.toString()), directory);
    }

    private static List<String> run(List<String> arguments)
            throws IOException, InterruptedException
    {
        return LauncherScripts.run(SCRIPT, WHAT, arguments);
    }
}
