package dev.lakehouse.maintenance.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.core.Response;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE;
import static java.util.Objects.requireNonNull;

/**
 * The body of every error answer: {@code {"error": "what is wrong and how to fix it"}}.
 */
public record ErrorResponse(@JsonProperty String error)
{
    public ErrorResponse
    {
        requireNonNull(error, "error is null");
    }

    public static Response.ResponseBuilder errorResponse(Response.Status status, String message)
    {
        return Response.status(status)
                .type(APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(message));
    }
}
