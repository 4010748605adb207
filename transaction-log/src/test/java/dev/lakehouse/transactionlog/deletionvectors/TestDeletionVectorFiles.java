package dev.lakehouse.transactionlog.deletionvectors;

import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import io.trino.filesystem.Location;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

final class TestDeletionVectorFiles
{
    private static final Path GOLDEN_TABLES = Path.of(System.getProperty("lakehouse.golden.tables", "../testing/delta-golden-tables"));
    private static final Pattern UUID_DESCRIPTOR = Pattern.compile("\"storageType\":\"u\",\"pathOrInlineDv\":\"([^\"]*)\"");

    @Test
    void testEveryUuidDeletionVectorOfSparkResolvesToItsFile()
            throws IOException
    {
        Path table = GOLDEN_TABLES.resolve("log-replay-dv-key-cases").toAbsolutePath();
        List<String> references;
        try (Stream<Path> commits = Files.list(table.resolve("_delta_log"))) {
            references = commits.filter(path -> path.toString().endsWith(".json"))
                    .flatMap(TestDeletionVectorFiles::uuidReferences)
                    .distinct()
                    .toList();
        }
        assertThat(references).hasSizeGreaterThanOrEqualTo(3);
        Location tableLocation = Location.of("file://" + table);
        for (String reference : references) {
            Location file = DeletionVectorFiles.location(tableLocation, new DeletionVectorDescriptor("u", reference, OptionalInt.of(1), 10, 1)).orElseThrow();
            assertThat(Path.of(file.path().startsWith("/") ? file.path() : "/" + file.path())).exists();
            assertThat(file.fileName()).startsWith("deletion_vector_").endsWith(".bin");
        }
    }

    @Test
    void testInlineDeletionVectorsHaveNoFile()
    {
        assertThat(DeletionVectorFiles.location(Location.of("file:///t"), new DeletionVectorDescriptor("i", "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", OptionalInt.empty(), 40, 6))).isEmpty();
    }

    private static Stream<String> uuidReferences(Path commit)
    {
        try {
            Matcher matcher = UUID_DESCRIPTOR.matcher(Files.readString(commit));
            return matcher.results().map(result -> result.group(1)).toList().stream();
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
