package dev.lakehouse.maintenance.jobs;

import com.google.inject.Inject;
import dev.lakehouse.maintenance.MaintenanceConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * Runs the data rewrites on the Trino cluster over JDBC ({@code trino.url}, which names the lakehouse catalog), so
 * they scale with the cluster and use exactly the connector's writers and commit rules.
 */
public final class TrinoClient
{
    private static final Pattern CATALOG = Pattern.compile("jdbc:trino://[^/]+/([^/?]+).*");

    private final Optional<String> url;
    private final String user;
    private final int timeoutSeconds;

    @Inject
    public TrinoClient(MaintenanceConfig config)
    {
        this.url = Optional.ofNullable(config.getTrinoUrl());
        this.user = requireNonNull(config.getTrinoUser(), "user is null");
        this.timeoutSeconds = (int) Math.max(1, config.getJobTimeout().roundTo(SECONDS));
    }

    /**
     * The catalog of the lakehouse connector in {@code trino.url}.
     */
    public String catalog()
    {
        Matcher matcher = CATALOG.matcher(requiredUrl());
        if (!matcher.matches()) {
            throw new IllegalStateException("trino.url must name the lakehouse catalog, e.g. jdbc:trino://127.0.0.1:8080/lakehouse, but is " + requiredUrl());
        }
        return matcher.group(1);
    }

    /**
     * Runs one statement with the given session properties of the lakehouse catalog; a statement running longer
     * than {@code maintenance.job-timeout} is cancelled.
     */
    public void execute(String sql, Map<String, String> catalogSessionProperties)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("source", "lakehouse-maintenance");
        try (Connection connection = DriverManager.getConnection(requiredUrl(), properties);
                Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> property : catalogSessionProperties.entrySet()) {
                statement.execute("SET SESSION %s.%s = '%s'".formatted(catalog(), property.getKey(), property.getValue().replace("'", "''")));
            }
            statement.setQueryTimeout(timeoutSeconds);
            statement.execute(sql);
        }
    }

    private String requiredUrl()
    {
        return url.orElseThrow(() -> new IllegalStateException("Rewrites run on Trino, but trino.url is not configured; set it to the coordinator's JDBC URL with the lakehouse catalog"));
    }

    public static String quoted(String identifier)
    {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
