package dev.lakehouse.maintenance.scheduler;

import dev.lakehouse.maintenance.MaintenanceConfig;
import io.airlift.log.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Creates the tables of Quartz's JDBC job store in PostgreSQL when they are missing, from the script Quartz ships
 * ({@code tables_postgres.sql}) without its {@code DROP}s, under an advisory lock: instances starting together
 * create them once, and a running cluster's tables are never dropped.
 */
final class QuartzSchema
{
    private static final Logger log = Logger.get(QuartzSchema.class);
    private static final String SCRIPT = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    private static final long LOCK_ID = 0x6c616b65_686f7573L;

    private QuartzSchema() {}

    static void createIfMissing(MaintenanceConfig config)
    {
        String url = config.getJobStoreJdbcUrl().orElseThrow();
        Properties properties = new Properties();
        config.getJobStoreJdbcUser().ifPresent(user -> properties.setProperty("user", user));
        config.getJobStoreJdbcPassword().ifPresent(password -> properties.setProperty("password", password));
        try (Connection connection = DriverManager.getConnection(url, properties); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_ID + ")");
            try (ResultSet exists = statement.executeQuery("SELECT to_regclass('qrtz_locks') IS NOT NULL")) {
                exists.next();
                if (exists.getBoolean(1)) {
                    connection.rollback();
                    return;
                }
            }
            for (String sql : createStatements()) {
                statement.execute(sql);
            }
            connection.commit();
            log.info("Created the tables of the Quartz job store in %s", url);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot create the Quartz tables of the JDBC job store at %s: %s".formatted(url, e.getMessage()), e);
        }
    }

    private static List<String> createStatements()
    {
        try (InputStream script = QuartzSchema.class.getResourceAsStream(SCRIPT)) {
            if (script == null) {
                throw new IllegalStateException("Quartz's " + SCRIPT + " is missing from the class path");
            }
            String text = new String(script.readAllBytes(), UTF_8).lines()
                    .filter(line -> !line.strip().startsWith("--"))
                    .collect(Collectors.joining("\n"));
            return Arrays.stream(text.split(";"))
                    .map(String::strip)
                    .filter(sql -> sql.toUpperCase(Locale.ENGLISH).startsWith("CREATE "))
                    .toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
