package dev.lakehouse.maintenance.server;

import com.google.inject.Inject;
import dev.lakehouse.maintenance.jobs.JobRecord;
import dev.lakehouse.maintenance.jobs.JobRegistry;
import dev.lakehouse.maintenance.jobs.JobState;
import dev.lakehouse.maintenance.warehouse.TableName;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static dev.lakehouse.maintenance.server.ErrorResponse.errorResponse;
import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;
import static jakarta.ws.rs.core.Response.Status.BAD_REQUEST;
import static jakarta.ws.rs.core.Response.Status.NOT_FOUND;
import static java.util.Objects.requireNonNull;

/**
 * The jobs of this instance and, with a clustered job store, of every other instance, newest first:
 * {@code GET /v1/jobs[?table=schema.table][&state=running]}.
 */
@Path("/v1/jobs")
@Produces(APPLICATION_JSON)
public final class JobsResource
{
    private final JobRegistry jobs;

    @Inject
    public JobsResource(JobRegistry jobs)
    {
        this.jobs = requireNonNull(jobs, "jobs is null");
    }

    @GET
    public List<JobRecord> listJobs(@QueryParam("table") String table, @QueryParam("state") String state)
    {
        return jobs.list(Optional.ofNullable(table).map(JobsResource::tableName), Optional.ofNullable(state).map(JobsResource::jobState));
    }

    @GET
    @Path("{id}")
    public JobRecord getJob(@PathParam("id") String id)
    {
        return jobs.get(id).orElseThrow(() -> new NotFoundException(errorResponse(NOT_FOUND, "Job %s not found: GET /v1/jobs lists the known jobs".formatted(id)).build()));
    }

    private static TableName tableName(String value)
    {
        int dot = value.indexOf('.');
        if (dot <= 0 || dot == value.length() - 1) {
            throw new WebApplicationException(errorResponse(BAD_REQUEST, "table must be schema.table, got '%s'".formatted(value)).build());
        }
        return new TableName(value.substring(0, dot), value.substring(dot + 1));
    }

    private static JobState jobState(String value)
    {
        return Arrays.stream(JobState.values())
                .filter(state -> state.name().equals(value.toUpperCase(Locale.ENGLISH)))
                .findFirst()
                .orElseThrow(() -> new WebApplicationException(errorResponse(BAD_REQUEST, "Unknown job state '%s': use one of %s".formatted(value, Arrays.toString(JobState.values()))).build()));
    }
}
