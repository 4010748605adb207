package dev.lakehouse.maintenance.server;

import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

import java.util.Optional;
import java.util.Set;

import static dev.lakehouse.maintenance.server.ErrorResponse.errorResponse;
import static jakarta.ws.rs.core.HttpHeaders.AUTHORIZATION;
import static jakarta.ws.rs.core.HttpHeaders.WWW_AUTHENTICATE;
import static jakarta.ws.rs.core.Response.Status.FORBIDDEN;
import static jakarta.ws.rs.core.Response.Status.UNAUTHORIZED;
import static java.util.Locale.ENGLISH;
import static java.util.Objects.requireNonNull;

/**
 * Reading is open; every other request needs {@code Authorization: Bearer <maintenance.api-token>}: 401 without
 * it, 403 with a wrong token, and 403 for all writes when the service has no token.
 */
@Priority(Priorities.AUTHENTICATION)
public final class ApiTokenFilter
        implements ContainerRequestFilter
{
    private static final Set<String> READ_METHODS = ImmutableSet.of("GET", "HEAD", "OPTIONS");
    private static final String BEARER_PREFIX = "bearer ";

    private final ApiToken apiToken;

    @Inject
    public ApiTokenFilter(ApiToken apiToken)
    {
        this.apiToken = requireNonNull(apiToken, "apiToken is null");
    }

    @Override
    public void filter(ContainerRequestContext request)
    {
        if (READ_METHODS.contains(request.getMethod())) {
            return;
        }
        if (!apiToken.isConfigured()) {
            request.abortWith(errorResponse(FORBIDDEN, "Write requests are disabled because this service has no API token: " +
                    "set maintenance.api-token (or maintenance.api-token-file) in its config.properties and restart it").build());
            return;
        }
        Optional<String> presented = bearerToken(request.getHeaderString(AUTHORIZATION));
        if (presented.isEmpty()) {
            request.abortWith(errorResponse(UNAUTHORIZED, "Write requests need the header 'Authorization: Bearer <token>' with the service's maintenance.api-token")
                    .header(WWW_AUTHENTICATE, "Bearer")
                    .build());
            return;
        }
        if (!apiToken.matches(presented.get())) {
            request.abortWith(errorResponse(FORBIDDEN, "The bearer token is not this service's maintenance.api-token").build());
        }
    }

    private static Optional<String> bearerToken(String authorization)
    {
        if (authorization == null || !authorization.toLowerCase(ENGLISH).startsWith(BEARER_PREFIX)) {
            return Optional.empty();
        }
        String token = authorization.substring(BEARER_PREFIX.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
