package dev.lakehouse.producttests;

import com.google.common.collect.ImmutableList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Runs the repository's launcher scripts ({@code bin/postgres}, {@code bin/s3proxy}) for the servers a test needs,
 * as a user would, and cleans up after them.
 */
final class LauncherScripts
{
    private LauncherScripts() {}

    /**
     * Runs the script a system property names and returns its standard output lines; fails with everything it printed.
     *
     * @param what what the test needs the script for, for the error message
     */
    static List<String> run(String scriptProperty, String what, List<String> arguments)
            throws IOException, InterruptedException
    {
        String script = requireNonNull(System.getProperty(scriptProperty), "system property %s is not set; run the product tests through Maven".formatted(scriptProperty));
        Path errors = Files.createTempFile("lakehouse-script", ".log");
        try {
            Process process = new ProcessBuilder(ImmutableList.<String>builder().add(script).addAll(arguments).build())
                    .redirectError(errors.toFile())
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("%s is needed by this test and %s %s failed; its output:\n%s%s".formatted(
                        what, Path.of(script).getFileName(), String.join(" ", arguments), Files.readString(errors), output));
            }
            return output.lines().toList();
        }
        finally {
            Files.deleteIfExists(errors);
        }
    }

    /**
     * Stops a server with its script, then deletes its folder even when stopping failed.
     */
    static void stopAndDelete(String scriptProperty, String what, List<String> arguments, Path directory)
    {
        try {
            run(scriptProperty, what, arguments);
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

    private static void deleteRecursively(Path path)
    {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted((left, right) -> right.getNameCount() - left.getNameCount()).forEach(file -> file.toFile().delete());
        }
        catch (IOException | UncheckedIOException e) {
            // a server's folder in /tmp is only garbage now
        }
    }
}
