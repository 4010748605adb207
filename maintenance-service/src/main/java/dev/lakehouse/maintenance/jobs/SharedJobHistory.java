package dev.lakehouse.maintenance.jobs;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lakehouse.maintenance.MaintenanceConfig;
import dev.lakehouse.maintenance.scheduler.JobStoreType;
import io.airlift.json.JsonCodec;
import io.airlift.log.Logger;
import jakarta.annotation.PreDestroy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import static io.airlift.json.JsonCodec.jsonCodec;
/**
 * The jobs of every instance that shares the clustered job store, in a table of the same PostgreSQL database
 * ({@code lakehouse_maintenance_jobs}): each instance writes the newest record of each of its jobs there, so that
 * {@code GET /v1/jobs} on any instance lists the jobs all of them ran. With the in-memory job store there is one
 * instance, and this keeps nothing.
 */
public final class SharedJobHistory
{
    private static final Logger log = Logger.get(SharedJobHistory.class);
    private static final JsonCodec<JobRecord> CODEC = jsonCodec(JobRecord.class);
    // the newest jobs are the ones worth listing; older ones stay in the table for SQL
    private static final int MAX_LISTED = 5000;

    private final Optional<HikariDataSource> dataSource;

    @Inject
    public SharedJobHistory(MaintenanceConfig config)
    {
        if (config.getJobStore() != JobStoreType.JDBC) {
            this.dataSource = Optional.empty();
            return;
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.getJobStoreJdbcUrl().orElseThrow(() -> new IllegalArgumentException("maintenance.job-store=JDBC needs maintenance.job-store.jdbc-url")));
        config.getJobStoreJdbcUser().ifPresent(hikari::setUsername);
        config.getJobStoreJdbcPassword().ifPresent(hikari::setPassword);
        hikari.setMaximumPoolSize(2);
        hikari.setPoolName("maintenance-job-history");
        this.dataSource = Optional.of(new HikariDataSource(hikari));
        try (Connection connection = dataSource.get().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS lakehouse_maintenance_jobs (id varchar(200) PRIMARY KEY, instance_id varchar(200) NOT NULL, " +
                    "created_at timestamp with time zone NOT NULL, progress integer NOT NULL, record text NOT NULL)");
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot create the shared job history table lakehouse_maintenance_jobs in %s: %s".formatted(config.getJobStoreJdbcUrl().orElseThrow(), e.getMessage()), e);
        }
    }

    /**
     * Keeps the newest record of a job of this instance. A failure is logged, never thrown: the job's work matters
     * more than its listing on other instances.
     */
    public void save(JobRecord job)
    {
        if (dataSource.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.get().getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        // a record never replaces one further on (the instance that queued a requested job may save after the one running it)
                        "INSERT INTO lakehouse_maintenance_jobs (id, instance_id, created_at, progress, record) VALUES (?, ?, ?, ?, ?) " +
                                "ON CONFLICT (id) DO UPDATE SET instance_id = excluded.instance_id, progress = excluded.progress, record = excluded.record " +
                                "WHERE lakehouse_maintenance_jobs.progress <= excluded.progress")) {
            statement.setString(1, job.id());
            statement.setString(2, job.instance().orElse(""));
            statement.setTimestamp(3, Timestamp.from(job.createdAt()));
            statement.setInt(4, job.progress());
            statement.setString(5, CODEC.toJson(job));
            statement.executeUpdate();
        }
        catch (SQLException e) {
            log.warn(e, "Could not record job %s in the shared job history", job.id());
        }
    }

    /**
     * The newest jobs of all instances, newest first; empty without a shared job store.
     */
    public List<JobRecord> list()
    {
        return query("SELECT record FROM lakehouse_maintenance_jobs ORDER BY created_at DESC LIMIT " + MAX_LISTED, Optional.empty());
    }

    public Optional<JobRecord> get(String id)
    {
        return query("SELECT record FROM lakehouse_maintenance_jobs WHERE id = ?", Optional.of(id)).stream().findFirst();
    }

    private List<JobRecord> query(String sql, Optional<String> id)
    {
        if (dataSource.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.get().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (id.isPresent()) {
                statement.setString(1, id.get());
            }
            ImmutableList.Builder<JobRecord> jobs = ImmutableList.builder();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    jobs.add(CODEC.fromJson(result.getString(1)));
                }
            }
            return jobs.build();
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot read the shared job history: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    public void close()
    {
        dataSource.ifPresent(HikariDataSource::close);
    }
}
