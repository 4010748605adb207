package dev.lakehouse.maintenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the service, as the build recorded it in {@code maintenance-service.properties}.
 */
public final class ServiceVersion
{
    private static final String VERSION = load();

    private ServiceVersion() {}

    public static String current()
    {
        return VERSION;
    }

    private static String load()
    {
        try (InputStream input = ServiceVersion.class.getResourceAsStream("maintenance-service.properties")) {
            if (input == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(input);
            return properties.getProperty("version", "unknown");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
