package dev.lakehouse.transactionlog.deletionvectors;

import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.TrinoException;
import org.roaringbitmap.RoaringBitmap;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.zip.CRC32;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;

/**
 * Writes a deletion vector as Delta readers expect it: a file {@code deletion_vector_<uuid>.bin} in the table folder
 * (storage type {@code u}, the UUID in Z85) holding a format version byte (1), then the vector at offset 1: its size
 * (4 bytes, big-endian), the RoaringBitmapArray in the portable format (little-endian magic number, count of bitmaps,
 * then each bitmap's high 32 bits and the bitmap), and a CRC-32 of it. One vector per file: a new file is never
 * changed, so a reader of an older version never sees a half-written one.
 */
public final class DeletionVectorWriter
{
    private static final byte FORMAT_VERSION = 1;

    private DeletionVectorWriter() {}

    public static DeletionVectorDescriptor write(TrinoFileSystem fileSystem, Location tableLocation, DeletedRows rows)
    {
        UUID id = UUID.randomUUID();
        byte[] serialized = serialize(rows);
        Location file = tableLocation.appendPath("deletion_vector_" + id + ".bin");
        CRC32 crc = new CRC32();
        crc.update(serialized);
        try (OutputStream output = fileSystem.newOutputFile(file).create();
                DataOutputStream data = new DataOutputStream(output)) {
            data.writeByte(FORMAT_VERSION);
            data.writeInt(serialized.length);
            data.write(serialized);
            data.writeInt((int) crc.getValue());
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to write deletion vector %s: %s".formatted(file, e.getMessage()), e);
        }
        return new DeletionVectorDescriptor("u", Z85.encode(uuidBytes(id)), OptionalInt.of(1), serialized.length, rows.cardinality());
    }

    static byte[] serialize(DeletedRows rows)
    {
        RoaringBitmap[] bitmaps = rows.bitmapsByHighBits();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int count = 0;
        for (RoaringBitmap bitmap : bitmaps) {
            count += bitmap == null ? 0 : 1;
        }
        bytes.writeBytes(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(DeletionVectorReader.PORTABLE_MAGIC).putLong(count).array());
        for (int high = 0; high < bitmaps.length; high++) {
            RoaringBitmap bitmap = bitmaps[high];
            if (bitmap == null) {
                continue;
            }
            bitmap.runOptimize();
            ByteBuffer buffer = ByteBuffer.allocate(4 + bitmap.serializedSizeInBytes()).order(ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(high);
            bitmap.serialize(buffer);
            bytes.writeBytes(buffer.array());
        }
        return bytes.toByteArray();
    }

    private static byte[] uuidBytes(UUID id)
    {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}
