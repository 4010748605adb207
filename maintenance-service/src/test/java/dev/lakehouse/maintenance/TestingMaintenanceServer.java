package dev.lakehouse.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Injector;
import io.airlift.bootstrap.LifeCycleManager;
import io.airlift.http.server.HttpServerInfo;
import io.airlift.jmx.testing.TestingJmxModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

import static java.net.http.HttpResponse.BodyHandlers.ofString;

/**
 * The whole service in process, on a free port, with its own MBean server so that several run side by side.
 */
final class TestingMaintenanceServer
        implements AutoCloseable
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Injector injector;
    private final LifeCycleManager lifeCycleManager;
    private final URI baseUri;
    private final HttpClient client = HttpClient.newHttpClient();

    TestingMaintenanceServer(Map<String, String> properties)
    {
        injector = MaintenanceServer.createBootstrap(new TestingJmxModule())
                .doNotInitializeLogging()
                .quiet()
                .setRequiredConfigurationProperties(ImmutableMap.<String, String>builder()
                        .put("node.environment", "test")
                        .put("http-server.http.port", "0")
                        .put("http-server.log.enabled", "false")
                        .putAll(properties)
                        .buildOrThrow())
                .initialize();
        lifeCycleManager = injector.getInstance(LifeCycleManager.class);
        baseUri = injector.getInstance(HttpServerInfo.class).getHttpUri();
    }

    <T> T getInstance(Class<T> type)
    {
        return injector.getInstance(type);
    }

    Response get(String path)
    {
        return send(HttpRequest.newBuilder(baseUri.resolve(path)).GET());
    }

    Response post(String path, Optional<String> bearerToken)
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.resolve(path)).POST(HttpRequest.BodyPublishers.noBody());
        bearerToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return send(request);
    }

    private Response send(HttpRequest.Builder request)
    {
        try {
            HttpResponse<String> response = client.send(request.build(), ofString());
            return new Response(response.statusCode(), response.headers().firstValue("WWW-Authenticate"), response.body());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    @Override
    public void close()
    {
        try {
            lifeCycleManager.stop();
        }
        finally {
            client.close();
        }
    }

    record Response(int status, Optional<String> wwwAuthenticate, String body)
    {
        JsonNode json()
        {
            try {
                return JSON.readTree(body);
            }
            catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }
    }
}
