package dev.lakehouse.maintenance.server;

import com.google.inject.Inject;
import dev.lakehouse.maintenance.MaintenanceConfig;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The bearer token that write requests must present: {@code maintenance.api-token}, or the content of
 * {@code maintenance.api-token-file} (surrounding whitespace removed). Only its SHA-256 digest is kept, and
 * presented tokens are compared digest to digest in constant time.
 */
public final class ApiToken
{
    private final Optional<byte[]> digest;

    @Inject
    public ApiToken(MaintenanceConfig config)
    {
        this(configuredToken(config));
    }

    public ApiToken(Optional<String> token)
    {
        token.ifPresent(value -> checkArgument(!value.isBlank(), "The API token is empty: set maintenance.api-token to a secret, or remove it to make the API read-only"));
        this.digest = token.map(ApiToken::sha256);
    }

    public boolean isConfigured()
    {
        return digest.isPresent();
    }

    public boolean matches(String presented)
    {
        return digest.map(expected -> MessageDigest.isEqual(expected, sha256(presented))).orElse(false);
    }

    private static Optional<String> configuredToken(MaintenanceConfig config)
    {
        checkArgument(config.getApiToken().isEmpty() || config.getApiTokenFile().isEmpty(), "Set either maintenance.api-token or maintenance.api-token-file, not both");
        return config.getApiToken().or(() -> config.getApiTokenFile().map(ApiToken::readTokenFile));
    }

    private static String readTokenFile(File file)
    {
        try {
            return Files.readString(file.toPath(), UTF_8).strip();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read the API token file %s (maintenance.api-token-file): %s".formatted(file, e.getMessage()), e);
        }
    }

    private static byte[] sha256(String value)
    {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(UTF_8));
        }
        catch (NoSuchAlgorithmException e) {
            // every Java platform has SHA-256
            throw new IllegalStateException(e);
        }
    }
}
