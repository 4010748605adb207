package dev.lakehouse.transactionlog.vacuum;

import dev.lakehouse.transactionlog.DataFilePaths;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import io.trino.filesystem.Location;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a deletion vector is stored, so that vacuum never deletes one a retained version uses. Storage type
 * {@code u} is a file {@code [prefix/]deletion_vector_<uuid>.bin} in the table folder, the UUID encoded in Z85 in the
 * last 20 characters; {@code p} is an absolute path; {@code i} is inline in the log.
 */
final class DeletionVectorFiles
{
    private static final String Z85_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
    private static final int ENCODED_UUID_LENGTH = 20;

    private DeletionVectorFiles() {}

    static Optional<Location> location(Location tableLocation, DeletionVectorDescriptor descriptor)
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
        ByteBuffer bytes = ByteBuffer.allocate(16);
        for (int block = 0; block < encoded.length(); block += 5) {
            long value = 0;
            for (int index = block; index < block + 5; index++) {
                int digit = Z85_ALPHABET.indexOf(encoded.charAt(index));
                if (digit < 0) {
                    throw new IllegalArgumentException("Not a Z85 character in deletion vector reference: " + encoded.charAt(index));
                }
                value = value * 85 + digit;
            }
            bytes.putInt((int) value);
        }
        bytes.flip();
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
