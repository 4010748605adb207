package dev.lakehouse.maintenance.server;

import dev.lakehouse.maintenance.MaintenanceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestApiToken
{
    @Test
    void testToken()
    {
        ApiToken token = new ApiToken(new MaintenanceConfig().setApiToken("secret"));
        assertThat(token.isConfigured()).isTrue();
        assertThat(token.matches("secret")).isTrue();
        assertThat(token.matches("secret ")).isFalse();
        assertThat(token.matches("")).isFalse();
    }

    @Test
    void testTokenFile(@TempDir Path directory)
            throws IOException
    {
        Path file = directory.resolve("token");
        Files.writeString(file, "from-file\n", UTF_8);
        ApiToken token = new ApiToken(new MaintenanceConfig().setApiTokenFile(file.toFile()));
        assertThat(token.matches("from-file")).isTrue();

        assertThatThrownBy(() -> new ApiToken(new MaintenanceConfig().setApiTokenFile(directory.resolve("missing").toFile())))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("maintenance.api-token-file");

        assertThatThrownBy(() -> new ApiToken(new MaintenanceConfig().setApiToken("secret").setApiTokenFile(file.toFile())))
                .hasMessage("Set either maintenance.api-token or maintenance.api-token-file, not both");
    }

    @Test
    void testNoToken()
    {
        ApiToken token = new ApiToken(Optional.empty());
        assertThat(token.isConfigured()).isFalse();
        assertThat(token.matches("anything")).isFalse();
        assertThatThrownBy(() -> new ApiToken(Optional.of(" ")))
                .hasMessageContaining("The API token is empty");
    }
}
