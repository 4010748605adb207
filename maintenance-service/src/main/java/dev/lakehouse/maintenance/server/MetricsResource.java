package dev.lakehouse.maintenance.server;

import com.google.inject.Inject;
import dev.lakehouse.maintenance.decide.JobKind;
import dev.lakehouse.maintenance.jobs.JobState;
import dev.lakehouse.maintenance.metrics.MaintenanceStats;
import dev.lakehouse.maintenance.registry.TableRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The service's metrics in the OpenMetrics text format, for Prometheus and friends. The same counters are in JMX.
 */
@Path("/metrics")
public final class MetricsResource
{
    public static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final MaintenanceStats stats;
    private final TableRegistry tables;

    @Inject
    public MetricsResource(MaintenanceStats stats, TableRegistry tables)
    {
        this.stats = requireNonNull(stats, "stats is null");
        this.tables = requireNonNull(tables, "tables is null");
    }

    @GET
    @Produces(OPENMETRICS)
    public String metrics()
    {
        StringBuilder out = new StringBuilder();
        family(out, "lakehouse_maintenance_jobs", "counter", "Maintenance jobs that ended, by kind and outcome");
        for (JobKind kind : JobKind.values()) {
            for (JobState state : JobState.values()) {
                if (state.finished()) {
                    out.append("lakehouse_maintenance_jobs_total{kind=\"%s\",state=\"%s\"} %s\n".formatted(kind.apiName(), state.name().toLowerCase(Locale.ENGLISH), stats.jobs(kind, state)));
                }
            }
        }
        family(out, "lakehouse_maintenance_rewritten_bytes", "counter", "Bytes of data files rewritten by compaction, clustering and statistics jobs");
        out.append("lakehouse_maintenance_rewritten_bytes_total %s\n".formatted(stats.getBytesRewritten()));
        family(out, "lakehouse_maintenance_deleted_files", "counter", "Files deleted by vacuum");
        out.append("lakehouse_maintenance_deleted_files_total %s\n".formatted(stats.getFilesDeleted()));
        family(out, "lakehouse_maintenance_queue_length", "gauge", "Tables with due work that the last evaluation could not start for lack of job slots");
        out.append("lakehouse_maintenance_queue_length %s\n".formatted(stats.getQueueLength()));
        family(out, "lakehouse_maintenance_evaluation_seconds", "gauge", "Duration of the last evaluation of the whole warehouse");
        out.append("lakehouse_maintenance_evaluation_seconds %s\n".formatted(stats.getLastEvaluationMillis() / 1000.0));
        family(out, "lakehouse_maintenance_pending_work_age_seconds", "gauge", "How long the oldest due work of each table has waited");
        Instant now = Instant.now();
        Map<String, Instant> pending = new TreeMap<>();
        tables.dueSince().forEach((table, since) -> pending.put(table.toString(), since));
        pending.forEach((table, since) -> out.append("lakehouse_maintenance_pending_work_age_seconds{table=\"%s\"} %s\n".formatted(escape(table), Duration.between(since, now).toMillis() / 1000.0)));
        out.append("# EOF\n");
        return out.toString();
    }

    private static void family(StringBuilder out, String name, String type, String help)
    {
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    }

    private static String escape(String value)
    {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
