package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a local table's JSON commits directly, independently of the connector's log code, so tests can check
 * what was committed.
 */
final class TableLogFiles
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TableLogFiles() {}

    /** The add actions of the latest version, replayed from all JSON commits (which tests never delete). */
    static List<JsonNode> activeFiles(Path table)
            throws IOException
    {
        Map<String, JsonNode> active = new LinkedHashMap<>();
        for (long version = 0; version <= latestVersion(table); version++) {
            for (JsonNode action : commitActions(table, version)) {
                if (action.has("add")) {
                    active.put(action.get("add").get("path").asText(), action.get("add"));
                }
                if (action.has("remove")) {
                    active.remove(action.get("remove").get("path").asText());
                }
            }
        }
        return new ArrayList<>(active.values());
    }

    static List<JsonNode> commitActions(Path table, long version)
            throws IOException
    {
        List<JsonNode> actions = new ArrayList<>();
        for (String line : Files.readAllLines(table.resolve("_delta_log/%020d.json".formatted(version)))) {
            actions.add(MAPPER.readTree(line));
        }
        return actions;
    }

    static long latestVersion(Path table)
            throws IOException
    {
        try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.matches("\\d{20}\\.json"))
                    .mapToLong(name -> Long.parseLong(name.substring(0, 20)))
                    .max()
                    .orElseThrow();
        }
    }

    /** The newest action of the given kind ({@code protocol}, {@code metaData}...), from the latest version down. */
    static JsonNode latestAction(Path table, String kind)
            throws IOException
    {
        for (long version = latestVersion(table); version >= 0; version--) {
            for (JsonNode action : commitActions(table, version)) {
                if (action.has(kind)) {
                    return action.get(kind);
                }
            }
        }
        throw new AssertionError("no %s action in %s".formatted(kind, table));
    }

    /**
     * Sets the modification time of every file of a table (log included) to {@code age} ago, as if it had been written
     * then: vacuum and log cleanup judge files by it.
     */
    static void age(Path table, Duration age)
    {
        FileTime time = FileTime.from(Instant.now().minus(age));
        try (Stream<Path> files = Files.walk(table)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, time);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
