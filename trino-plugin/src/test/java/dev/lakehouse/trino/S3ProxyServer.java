package dev.lakehouse.trino;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A local S3-compatible server (s3proxy over a folder) in its own process. s3proxy honours
 * {@code If-None-Match: *} atomically, which the commit protocol relies on.
 */
final class S3ProxyServer
        implements AutoCloseable
{
    static final String ACCESS_KEY = "lakehouse-access";
    static final String SECRET_KEY = "lakehouse-secret";

    private final Process process;
    private final int port;
    private final Path log;

    S3ProxyServer(Path dataDirectory, List<String> buckets)
            throws IOException, InterruptedException
    {
        String jar = requireNonNull(System.getProperty("s3proxy.jar"), "system property s3proxy.jar is not set; run the tests through Maven");
        for (String bucket : buckets) {
            Files.createDirectories(dataDirectory.resolve("data").resolve(bucket));
        }
        port = freePort();
        Path properties = dataDirectory.resolve("s3proxy.properties");
        Files.writeString(properties, """
                s3proxy.endpoint=http://127.0.0.1:%s
                s3proxy.authorization=aws-v2-or-v4
                s3proxy.identity=%s
                s3proxy.credential=%s
                s3proxy.ignore-unknown-headers=true
                jclouds.provider=filesystem-nio2
                jclouds.filesystem.basedir=%s
                """.formatted(port, ACCESS_KEY, SECRET_KEY, dataDirectory.resolve("data")));
        log = dataDirectory.resolve("s3proxy.log");
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar, "--properties", properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        waitUntilListening(Duration.ofSeconds(60));
    }

    String endpoint()
    {
        return "http://127.0.0.1:" + port;
    }

    private void waitUntilListening(Duration timeout)
            throws IOException, InterruptedException
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("s3proxy exited: " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            }
            catch (IOException e) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IOException("s3proxy did not start within " + timeout + ": " + Files.readString(log));
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

    @Override
    public void close()
    {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
