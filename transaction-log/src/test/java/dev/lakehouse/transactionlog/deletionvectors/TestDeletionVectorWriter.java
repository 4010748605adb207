package dev.lakehouse.transactionlog.deletionvectors;

import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import io.trino.filesystem.Location;
import io.trino.filesystem.local.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

final class TestDeletionVectorWriter
{
    @TempDir
    Path directory;

    @Test
    void testWrittenVectorReadsBack()
            throws IOException
    {
        LocalFileSystem fileSystem = new LocalFileSystem(Path.of("/"));
        Location table = Location.of("local://" + directory);
        // positions in two 32-bit ranges, and a run that the roaring format stores compactly
        DeletedRows rows = DeletedRows.NONE.with(LongStream.concat(LongStream.of(0, 7, 4_294_967_301L), LongStream.range(1_000, 11_000)).iterator());
        DeletionVectorDescriptor descriptor = DeletionVectorWriter.write(fileSystem, table, rows);

        assertThat(descriptor.storageType()).isEqualTo("u");
        assertThat(descriptor.offset().getAsInt()).isEqualTo(1);
        assertThat(descriptor.cardinality()).isEqualTo(10_003);
        Path file = Path.of("/", DeletionVectorFiles.location(table, descriptor).orElseThrow().path());
        byte[] bytes = Files.readAllBytes(file);
        // the format version, then size, vector and checksum
        assertThat(bytes[0]).isEqualTo((byte) 1);
        assertThat(bytes.length).isEqualTo(1 + 4 + descriptor.sizeInBytes() + 4);
        assertThat(descriptor.sizeInBytes()).isLessThan(100);

        DeletedRows read = DeletionVectorReader.read(fileSystem, table, descriptor);
        assertThat(read.cardinality()).isEqualTo(10_003);
        assertThat(read.contains(0)).isTrue();
        assertThat(read.contains(7)).isTrue();
        assertThat(read.contains(8)).isFalse();
        assertThat(read.contains(10_999)).isTrue();
        assertThat(read.contains(11_000)).isFalse();
        assertThat(read.contains(4_294_967_301L)).isTrue();
        assertThat(read.contains(5)).isFalse();

        // adding positions keeps the ones there
        DeletedRows more = read.with(LongStream.of(8, 7).iterator());
        assertThat(more.cardinality()).isEqualTo(10_004);
        assertThat(read.cardinality()).isEqualTo(10_003);
    }

    @Test
    void testZ85RoundTrip()
    {
        UUID id = UUID.randomUUID();
        byte[] bytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
        String encoded = Z85.encode(bytes);
        assertThat(encoded).hasSize(20);
        assertThat(Z85.decode(encoded)).isEqualTo(bytes);
        assertThat(DeletionVectorFiles.decodeUuid(encoded)).isEqualTo(id);
    }
}
