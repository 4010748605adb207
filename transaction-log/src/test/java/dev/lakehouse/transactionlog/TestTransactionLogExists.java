package dev.lakehouse.transactionlog;

import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.local.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

final class TestTransactionLogExists
{
    private final TrinoFileSystem fileSystem = new LocalFileSystem(Path.of("/"));

    @Test
    void testLogIsFoundByItsFirstCommitOrByItsFiles(@TempDir Path directory)
            throws IOException
    {
        TestingTable table = new TestingTable(directory.resolve("table"), List.of(), Map.of());
        assertThat(TransactionLog.existsAt(fileSystem, table.location())).isTrue();
        assertThat(table.log().exists()).isTrue();

        // log cleanup removed the first commits and no _last_checkpoint points to a checkpoint: the listing finds a commit
        Path cleaned = directory.resolve("cleaned/_delta_log");
        Files.createDirectories(cleaned);
        Files.copy(table.directory().resolve("_delta_log").resolve(LogFile.commitFileName(0)), cleaned.resolve(LogFile.commitFileName(5)));
        assertThat(TransactionLog.existsAt(fileSystem, location(directory.resolve("cleaned")))).isTrue();
    }

    @Test
    void testFolderWithoutCommitsOrCheckpointsHoldsNoLog(@TempDir Path directory)
            throws IOException
    {
        assertThat(TransactionLog.existsAt(fileSystem, location(directory.resolve("missing")))).isFalse();
        Files.createDirectories(directory.resolve("empty/_delta_log"));
        assertThat(TransactionLog.existsAt(fileSystem, location(directory.resolve("empty")))).isFalse();
        Files.createDirectories(directory.resolve("other/_delta_log"));
        Files.writeString(directory.resolve("other/_delta_log/notes.txt"), "no commit", UTF_8);
        assertThat(TransactionLog.existsAt(fileSystem, location(directory.resolve("other")))).isFalse();
    }

    private static Location location(Path folder)
    {
        return Location.of("file://" + folder);
    }
}
