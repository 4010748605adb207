package dev.lakehouse.producttests;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A local S3 endpoint of its own for one test class, started by {@code bin/s3proxy} (one bucket, {@link #BUCKET}
 * unless named) on a free port, and stopped on close: Trino's Delta Lake connector writes only to object stores.
 */
public final class S3Endpoint
        implements AutoCloseable
{
    public static final String BUCKET = "test";
    private static final String SCRIPT = "lakehouse.s3proxy.script";
    private static final String WHAT = "A local S3 endpoint";

    private final Path directory;
    private final String endpoint;

    public S3Endpoint()
            throws IOException, InterruptedException
    {
        this(BUCKET);
    }

    public S3Endpoint(String bucket)
            throws IOException, InterruptedException
    {
        directory = Files.createTempDirectory("lakehouse-s3");
        List<String> output = run(ImmutableList.of("start", directory.toString(), String.valueOf(TrinoServer.freePort()), bucket));
        endpoint = output.getLast();
        if (!endpoint.startsWith("http://")) {
            close();
            throw new IOException("bin/s3proxy printed no endpoint: " + output);
        }
    }

    /**
     * The endpoint's URL, {@code http://127.0.0.1:<port>}.
     */
    public String endpoint()
    {
        return endpoint;
    }

    /**
     * The keys of the objects stored under a prefix of a bucket (read from the server's folder, not through S3).
     */
    public List<String> objectKeys(String bucket, String prefix)
            throws IOException
    {
        Path bucketDirectory = directory.resolve("data").resolve(bucket);
        Path start = bucketDirectory.resolve(prefix);
        if (!Files.exists(start)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(Files::isRegularFile).map(file -> bucketDirectory.relativize(file).toString()).sorted().toList();
        }
    }

    /**
     * Stores an object by writing it straight into the server's folder with the given modification time, which the
     * server reports as the object's last modification: a file a failed write left behind long ago.
     */
    public void putObjectModifiedAt(String bucket, String key, byte[] content, Instant lastModified)
            throws IOException
    {
        Path file = directory.resolve("data").resolve(bucket).resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(lastModified));
    }

    /**
     * The properties a catalog needs to reach this endpoint with Trino's native S3 file system.
     */
    public Map<String, String> fileSystemProperties()
    {
        return ImmutableMap.<String, String>builder()
                .put("fs.native-s3.enabled", "true")
                .put("s3.endpoint", endpoint)
                .put("s3.region", "us-east-1")
                .put("s3.path-style-access", "true")
                .put("s3.aws-access-key", "lakehouse-access")
                .put("s3.aws-secret-key", "lakehouse-secret")
                .buildOrThrow();
    }

    @Override
    public void close()
    {
        LauncherScripts.stopAndDelete(SCRIPT, WHAT, ImmutableList.of("stop", directory.toString()), directory);
    }

    private static List<String> run(List<String> arguments)
            throws IOException, InterruptedException
    {
        return LauncherScripts.run(SCRIPT, WHAT, arguments);
    }
}
