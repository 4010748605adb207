package dev.lakehouse.transactionlog.deletionvectors;

/**
 * The Z85 encoding (ZeroMQ RFC 32) that Delta uses for deletion vector file names and inline deletion vectors:
 * every 5 characters stand for 4 bytes, big-endian.
 */
final class Z85
{
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

    private Z85() {}

    static byte[] decode(String encoded)
    {
        if (encoded.length() % 5 != 0) {
            throw new IllegalArgumentException("Z85 text must have a multiple of 5 characters, but has %s".formatted(encoded.length()));
        }
        byte[] bytes = new byte[encoded.length() / 5 * 4];
        for (int block = 0; block < encoded.length() / 5; block++) {
            long value = 0;
            for (int index = block * 5; index < block * 5 + 5; index++) {
                int digit = ALPHABET.indexOf(encoded.charAt(index));
                if (digit < 0) {
                    throw new IllegalArgumentException("Not a Z85 character: " + encoded.charAt(index));
                }
                value = value * 85 + digit;
            }
            for (int shift = 3; shift >= 0; shift--) {
                bytes[block * 4 + 3 - shift] = (byte) (value >>> (8 * shift));
            }
        }
        return bytes;
    }

    /**
     * @param bytes a multiple of 4 bytes
     */
    static String encode(byte[] bytes)
    {
        if (bytes.length % 4 != 0) {
            throw new IllegalArgumentException("Z85 encodes a multiple of 4 bytes, but got %s".formatted(bytes.length));
        }
        StringBuilder encoded = new StringBuilder(bytes.length / 4 * 5);
        char[] block = new char[5];
        for (int offset = 0; offset < bytes.length; offset += 4) {
            long value = ((bytes[offset] & 0xFFL) << 24) | ((bytes[offset + 1] & 0xFFL) << 16) | ((bytes[offset + 2] & 0xFFL) << 8) | (bytes[offset + 3] & 0xFFL);
            for (int index = 4; index >= 0; index--) {
                block[index] = ALPHABET.charAt((int) (value % 85));
                value /= 85;
            }
            encoded.append(block);
        }
        return encoded.toString();
    }
}
