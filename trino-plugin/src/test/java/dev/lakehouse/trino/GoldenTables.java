package dev.lakehouse.trino;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Tables of the Spark-written golden corpus (testing/delta-golden-tables), copied where a test may change them.
 */
final class GoldenTables
{
    private GoldenTables() {}

    static Path copy(String name, Path target)
            throws IOException
    {
        Path source = Path.of(System.getProperty("lakehouse.golden.tables")).resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                }
                else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }
}
