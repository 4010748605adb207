package dev.lakehouse.transactionlog.deletionvectors;

import dev.lakehouse.transactionlog.DataFilePaths;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import io.trino.filesystem.Location;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a deletion vector is stored. Storage type {@code u} is a file {@code [prefix/]deletion_vector_<uuid>.bin} in
 * the table folder, the UUID encoded in Z85 in the last 20 characters; {@code p} is an absolute path; {@code i} is
 * inline in the log (no file).
 */
public final class DeletionVectorFiles
{
    private static final int ENCODED_UUID_LENGTH = 20;

    private DeletionVectorFiles() {}

    public static Optional<Location> location(Location tableLocation, DeletionVectorDescriptor descriptor)
    {
        String value = descriptor.pathOrInlineDv();
        return switch (descriptor.storageType()) {
            case "p" -> Optional.of(DataFilePaths.resolve(tableLocation, value));
            case "u" -> {
                if (value.length() < ENCODED_UUID_LENGTH) {
                    throw new IllegalArgumentException("Deletion vector reference is too short for a UUID: " + value);
                }
                String prefix = value.substring(0, value.length() - ENCODED_UUID_LENGTH);
                String fileName = "deletion_vector_" + decodeUuid(value.substring(value.length() - ENCODED_UUID_LENGTH)) + ".bin";
                yield Optional.of(tableLocation.appendPath(prefix.isEmpty() ? fileName : prefix + "/" + fileName));
            }
            default -> Optional.empty();
        };
    }

    static UUID decodeUuid(String encoded)
    {
        ByteBuffer bytes = ByteBuffer.wrap(Z85.decode(encoded));
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
