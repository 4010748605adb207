package dev.lakehouse.maintenance.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.inject.Inject;
import dev.lakehouse.maintenance.MaintenanceConfig;
import dev.lakehouse.maintenance.decide.JobKind;
import dev.lakehouse.maintenance.evaluate.TableEvaluator;
import dev.lakehouse.maintenance.evaluate.TableStatus;
import dev.lakehouse.maintenance.jobs.JobRecord;
import dev.lakehouse.maintenance.jobs.JobRegistry;
import dev.lakehouse.maintenance.policy.EffectivePolicy;
import dev.lakehouse.maintenance.registry.TableRegistry;
import dev.lakehouse.maintenance.scheduler.MaintenanceScheduler;
import dev.lakehouse.maintenance.warehouse.TableName;
import dev.lakehouse.maintenance.warehouse.TableSummary;
import dev.lakehouse.maintenance.warehouse.WarehouseTables;
import dev.lakehouse.transactionlog.vacuum.VacuumCandidate;
import dev.lakehouse.transactionlog.vacuum.VacuumPlan;
import dev.lakehouse.transactionlog.vacuum.VacuumPlanner;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.lakehouse.maintenance.server.ErrorResponse.errorResponse;
import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;
import static jakarta.ws.rs.core.Response.Status.ACCEPTED;
import static jakarta.ws.rs.core.Response.Status.BAD_REQUEST;
import static jakarta.ws.rs.core.Response.Status.CONFLICT;
import static jakarta.ws.rs.core.Response.Status.NOT_FOUND;
import static java.util.Objects.requireNonNull;

/**
 * The warehouse's tables as the log shows them now, with what the service measured, decided and did for each.
 */
@Path("/v1/tables")
@Produces(APPLICATION_JSON)
public final class TablesResource
{
    private static final int RECENT_JOBS = 20;

    private final WarehouseTables warehouse;
    private final TableRegistry registry;
    private final JobRegistry jobs;
    private final TableEvaluator evaluator;
    private final MaintenanceScheduler scheduler;
    private final Duration evaluationInterval;

    @Inject
    public TablesResource(WarehouseTables warehouse, TableRegistry registry, JobRegistry jobs, TableEvaluator evaluator, MaintenanceScheduler scheduler, MaintenanceConfig config)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.evaluator = requireNonNull(evaluator, "evaluator is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.evaluationInterval = Duration.ofMillis(config.getEvaluationInterval().toMillis());
    }

    @GET
    public List<TableRepresentation> listTables()
    {
        return warehouse.listTables().stream()
                .map(table -> TableRepresentation.listed(table, registry))
                .collect(toImmutableList());
    }

    @GET
    @Path("{schema}/{table}")
    public TableRepresentation getTable(@PathParam("schema") String schema, @PathParam("table") String table)
    {
        return detailed(existingTable(schema, table));
    }

    /**
     * The dry run of the maintenance: evaluates the table now and shows what would run and why, without running it.
     */
    @GET
    @Path("{schema}/{table}/plan")
    public TableRepresentation plan(@PathParam("schema") String schema, @PathParam("table") String table)
    {
        TableSummary summary = existingTable(schema, table);
        evaluator.evaluate(summary.name(), summary.location(), Instant.now());
        return detailed(summary);
    }

    /**
     * What a vacuum with the table's retention would delete now, and why; deletes nothing.
     */
    @GET
    @Path("{schema}/{table}/vacuum-plan")
    public VacuumPlanRepresentation vacuumPlan(@PathParam("schema") String schema, @PathParam("table") String table)
    {
        TableSummary summary = existingTable(schema, table);
        TableStatus status = evaluator.evaluate(summary.name(), summary.location(), Instant.now());
        EffectivePolicy policy = status.policy().orElseThrow(() -> new WebApplicationException(errorResponse(CONFLICT, status.problem().orElse("The table cannot be evaluated")).build()));
        VacuumPlan plan = new VacuumPlanner(warehouse.fileSystem(), warehouse.transactionLog(summary.location())).plan(policy.vacuumRetention(), Instant.now());
        return VacuumPlanRepresentation.of(plan);
    }

    /**
     * Runs one kind of work on the table now, whether or not the service finds it due: {@code {"kind": "compact"}}.
     */
    @POST
    @Path("{schema}/{table}/jobs")
    @Consumes(APPLICATION_JSON)
    public Response startJob(@PathParam("schema") String schema, @PathParam("table") String table, JobRequest request)
    {
        String kindName = request == null ? null : request.kind();
        JobKind kind = Optional.ofNullable(kindName).flatMap(JobKind::fromApiName)
                .orElseThrow(() -> new WebApplicationException(errorResponse(BAD_REQUEST, "Unknown job kind '%s': send {\"kind\": \"...\"} with one of %s".formatted(kindName, JobKind.apiNames())).build()));
        TableSummary summary = existingTable(schema, table);
        if (registry.isPaused(summary.name())) {
            throw new WebApplicationException(errorResponse(CONFLICT, "Maintenance of %s is paused: POST /v1/tables/%s/%s/resume first".formatted(summary.name(), schema, table)).build());
        }
        String runId = UUID.randomUUID().toString();
        JobRecord job = jobs.add(JobRecord.queued("%s-%s".formatted(runId, kind.apiName()), summary.name(), kind, "requested through the API", Instant.now()));
        scheduler.triggerTable(summary.name(), Optional.of(kind), runId);
        return Response.status(ACCEPTED).entity(job).build();
    }

    /**
     * The service leaves a paused table alone until it is resumed.
     */
    @POST
    @Path("{schema}/{table}/pause")
    public TableRepresentation pause(@PathParam("schema") String schema, @PathParam("table") String table)
    {
        TableSummary summary = existingTable(schema, table);
        registry.pause(summary.name());
        return detailed(summary);
    }

    @POST
    @Path("{schema}/{table}/resume")
    public TableRepresentation resume(@PathParam("schema") String schema, @PathParam("table") String table)
    {
        TableSummary summary = existingTable(schema, table);
        registry.resume(summary.name());
        return detailed(summary);
    }

    public record JobRequest(@JsonProperty("kind") String kind) {}

    /**
     * @param removedAtVersion empty for an orphan
     */
    public record VacuumCandidateRepresentation(@JsonProperty String path, @JsonProperty String reason, @JsonProperty OptionalLong removedAtVersion, @JsonProperty long sizeBytes, @JsonProperty Instant lastModified)
    {
        static VacuumCandidateRepresentation of(VacuumCandidate candidate)
        {
            return new VacuumCandidateRepresentation(candidate.location().toString(), candidate.reason(), candidate.removedAtVersion(), candidate.size(), candidate.modificationTime());
        }
    }

    public record VacuumPlanRepresentation(@JsonProperty long version, @JsonProperty long oldestRetainedVersion, @JsonProperty Instant threshold, @JsonProperty int files, @JsonProperty long bytes, @JsonProperty List<VacuumCandidateRepresentation> candidates)
    {
        static VacuumPlanRepresentation of(VacuumPlan plan)
        {
            return new VacuumPlanRepresentation(plan.snapshotVersion(), plan.oldestRetainedVersion(), plan.threshold(), plan.candidates().size(), plan.bytes(),
                    plan.candidates().stream().map(VacuumCandidateRepresentation::of).toList());
        }
    }

    private TableRepresentation detailed(TableSummary summary)
    {
        List<JobRecord> recent = jobs.list(Optional.of(summary.name()), Optional.empty()).stream().limit(RECENT_JOBS).toList();
        return TableRepresentation.detailed(summary, registry, nextEvaluation(summary.name()), recent);
    }

    private Optional<Instant> nextEvaluation(TableName name)
    {
        Optional<String> schedule = registry.status(name).flatMap(TableStatus::policy).flatMap(EffectivePolicy::schedule);
        if (schedule.isPresent()) {
            try {
                return Optional.ofNullable(new CronExpression(schedule.get()).getNextValidTimeAfter(new Date())).map(Date::toInstant);
            }
            catch (ParseException e) {
                return Optional.empty();
            }
        }
        return registry.lastEvaluatedAt().map(last -> last.plus(evaluationInterval));
    }

    private TableSummary existingTable(String schema, String table)
    {
        TableName name = new TableName(schema, table);
        return warehouse.getTable(name).orElseThrow(() -> new NotFoundException(errorResponse(NOT_FOUND,
                "Table %s not found in the warehouse %s: GET /v1/tables lists its tables".formatted(name, warehouse.root())).build()));
    }
}
