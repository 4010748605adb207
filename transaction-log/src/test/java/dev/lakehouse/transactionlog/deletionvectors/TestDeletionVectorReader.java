package dev.lakehouse.transactionlog.deletionvectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import io.trino.filesystem.Location;
import io.trino.filesystem.local.LocalFileSystem;
import io.trino.spi.TrinoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deletion vectors that Spark wrote (the golden tables), inline and in files, read back with the cardinality the log
 * records for each; damaged ones are refused with an error naming them.
 */
final class TestDeletionVectorReader
{
    private static final Path GOLDEN_TABLES = Path.of(System.getProperty("lakehouse.golden.tables", "../testing/delta-golden-tables"));
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final LocalFileSystem FILE_SYSTEM = new LocalFileSystem(Path.of("/"));

    @TempDir
    Path directory;

    @Test
    void testInlineDeletionVector()
    {
        // from the protocol's example: rows 3, 4, 7, 11, 18 and 29 of a file are deleted
        DeletedRows rows = DeletionVectorReader.read(FILE_SYSTEM, Location.of("file:///t"), new DeletionVectorDescriptor("i", "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", OptionalInt.empty(), 40, 6));
        assertThat(rows.cardinality()).isEqualTo(6);
        assertThat(LongStream.range(0, 40).filter(rows::contains).boxed().toList()).containsExactly(3L, 4L, 7L, 11L, 18L, 29L);
    }

    @Test
    void testEveryDeletionVectorOfSparksTablesReads()
            throws IOException
    {
        int read = 0;
        for (String table : List.of("log-replay-dv-key-cases", "dv-partitioned-with-checkpoint")) {
            Path folder = GOLDEN_TABLES.resolve(table).toAbsolutePath();
            for (DeletionVectorDescriptor descriptor : descriptors(folder)) {
                DeletedRows rows = DeletionVectorReader.read(FILE_SYSTEM, Location.of("file://" + folder), descriptor);
                assertThat(rows.cardinality()).isEqualTo(descriptor.cardinality()).isPositive();
                read++;
            }
        }
        assertThat(read).isGreaterThanOrEqualTo(10);
    }

    @Test
    void testDamagedDeletionVectorFileIsRefused()
            throws IOException
    {
        Path source = GOLDEN_TABLES.resolve("log-replay-dv-key-cases").toAbsolutePath();
        DeletionVectorDescriptor descriptor = descriptors(source).getFirst();
        Path copy = directory.resolve("table");
        Files.createDirectories(copy);
        Location location = DeletionVectorFiles.location(Location.of("file://" + source), descriptor).orElseThrow();
        byte[] bytes = Files.readAllBytes(Path.of("/" + location.path()));
        // flip a byte of the bitmap, after the version byte and the size
        bytes[descriptor.offset().orElseThrow() + 8] ^= 0x55;
        Files.write(copy.resolve(location.fileName()), bytes);
        assertThatThrownBy(() -> DeletionVectorReader.read(FILE_SYSTEM, Location.of("file://" + copy), descriptor))
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("is damaged at offset " + descriptor.offset().orElseThrow());
    }

    private static List<DeletionVectorDescriptor> descriptors(Path table)
            throws IOException
    {
        List<DeletionVectorDescriptor> descriptors = new ArrayList<>();
        try (Stream<Path> commits = Files.list(table.resolve("_delta_log"))) {
            for (Path commit : commits.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                for (String line : Files.readAllLines(commit)) {
                    JsonNode add = MAPPER.readTree(line).path("add");
                    JsonNode vector = add.path("deletionVector");
                    if (!vector.isMissingNode() && !vector.isNull()) {
                        descriptors.add(new DeletionVectorDescriptor(
                                vector.get("storageType").asText(),
                                vector.get("pathOrInlineDv").asText(),
                                vector.has("offset") ? OptionalInt.of(vector.get("offset").asInt()) : OptionalInt.empty(),
                                vector.get("sizeInBytes").asInt(),
                                vector.get("cardinality").asLong()));
                    }
                }
            }
        }
        return descriptors;
    }
}
