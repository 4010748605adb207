package dev.lakehouse.transactionlog.deletionvectors;

import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoInputFile;
import io.trino.filesystem.TrinoInputStream;
import io.trino.spi.TrinoException;
import org.roaringbitmap.RoaringBitmap;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_BAD_DATA;
import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;

/**
 * Reads deletion vectors as the Delta protocol stores them: inline in the log (Z85 text) or in a file, where the
 * vector at {@code offset} is its size (4 bytes, big-endian), the serialized RoaringBitmapArray, and a CRC-32 of it.
 * The RoaringBitmapArray is little-endian: a magic number, the count of bitmaps, then each bitmap's high 32 bits
 * and the bitmap in the portable roaring format.
 */
public final class DeletionVectorReader
{
    static final int PORTABLE_MAGIC = 1681511377;
    // the older "native" layout (big-endian header; the bitmaps in order, each after its size), as in the protocol's example
    static final int NATIVE_MAGIC = 1681511376;

    private DeletionVectorReader() {}

    public static DeletedRows read(TrinoFileSystem fileSystem, Location tableLocation, DeletionVectorDescriptor descriptor)
    {
        byte[] serialized = switch (descriptor.storageType()) {
            case "i" -> Arrays.copyOf(Z85.decode(descriptor.pathOrInlineDv()), descriptor.sizeInBytes());
            case "u", "p" -> readFromFile(fileSystem, DeletionVectorFiles.location(tableLocation, descriptor).orElseThrow(), descriptor);
            default -> throw new TrinoException(LAKEHOUSE_BAD_DATA, "Unknown deletion vector storage type '%s' in table %s".formatted(descriptor.storageType(), tableLocation));
        };
        DeletedRows rows = parse(serialized, tableLocation);
        if (rows.cardinality() != descriptor.cardinality()) {
            throw new TrinoException(LAKEHOUSE_BAD_DATA, "Deletion vector %s of table %s holds %s rows, but the log says %s".formatted(descriptor.uniqueId(), tableLocation, rows.cardinality(), descriptor.cardinality()));
        }
        return rows;
    }

    private static byte[] readFromFile(TrinoFileSystem fileSystem, Location file, DeletionVectorDescriptor descriptor)
    {
        TrinoInputFile input = fileSystem.newInputFile(file);
        try (TrinoInputStream stream = input.newStream(); DataInputStream data = new DataInputStream(stream)) {
            stream.seek(descriptor.offset().orElse(1));
            int size = data.readInt();
            if (size != descriptor.sizeInBytes()) {
                throw new TrinoException(LAKEHOUSE_BAD_DATA, "Deletion vector file %s holds %s bytes at offset %s, but the log says %s".formatted(file, size, descriptor.offset().orElse(1), descriptor.sizeInBytes()));
            }
            byte[] bytes = data.readNBytes(size);
            int checksum = data.readInt();
            CRC32 crc = new CRC32();
            crc.update(bytes);
            if ((int) crc.getValue() != checksum) {
                throw new TrinoException(LAKEHOUSE_BAD_DATA, "Deletion vector file %s is damaged at offset %s: its checksum does not match".formatted(file, descriptor.offset().orElse(1)));
            }
            return bytes;
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to read deletion vector file %s: %s".formatted(file, e.getMessage()), e);
        }
    }

    static DeletedRows parse(byte[] serialized, Location tableLocation)
    {
        try {
            if (ByteBuffer.wrap(serialized).order(ByteOrder.BIG_ENDIAN).getInt() == NATIVE_MAGIC) {
                return parseNative(ByteBuffer.wrap(serialized).order(ByteOrder.BIG_ENDIAN));
            }
            ByteBuffer buffer = ByteBuffer.wrap(serialized).order(ByteOrder.LITTLE_ENDIAN);
            int magic = buffer.getInt();
            if (magic != PORTABLE_MAGIC) {
                throw new TrinoException(LAKEHOUSE_BAD_DATA, "A deletion vector of table %s is not a RoaringBitmapArray (magic number %s)".formatted(tableLocation, magic));
            }
            long count = buffer.getLong();
            RoaringBitmap[] bitmaps = new RoaringBitmap[0];
            for (long index = 0; index < count; index++) {
                int high = buffer.getInt();
                RoaringBitmap bitmap = readBitmap(buffer);
                if (high >= bitmaps.length) {
                    bitmaps = Arrays.copyOf(bitmaps, high + 1);
                }
                bitmaps[high] = bitmap;
            }
            return new DeletedRows(bitmaps);
        }
        catch (IOException | RuntimeException e) {
            if (e instanceof TrinoException trinoException) {
                throw trinoException;
            }
            throw new TrinoException(LAKEHOUSE_BAD_DATA, "A deletion vector of table %s cannot be read: %s".formatted(tableLocation, e.getMessage()), e);
        }
    }

    private static DeletedRows parseNative(ByteBuffer buffer)
            throws IOException
    {
        buffer.getInt();
        int count = buffer.getInt();
        RoaringBitmap[] bitmaps = new RoaringBitmap[count];
        for (int index = 0; index < count; index++) {
            // each bitmap is preceded by its size
            buffer.getInt();
            bitmaps[index] = readBitmap(buffer);
        }
        return new DeletedRows(bitmaps);
    }

    /**
     * One bitmap in the portable roaring format (always little-endian), advancing the buffer past it.
     */
    private static RoaringBitmap readBitmap(ByteBuffer buffer)
            throws IOException
    {
        RoaringBitmap bitmap = new RoaringBitmap();
        bitmap.deserialize(buffer.slice().order(ByteOrder.LITTLE_ENDIAN));
        buffer.position(buffer.position() + bitmap.serializedSizeInBytes());
        return bitmap;
    }
}
