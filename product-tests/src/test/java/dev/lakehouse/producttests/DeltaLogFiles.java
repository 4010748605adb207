package dev.lakehouse.producttests;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Reads a local table's JSON commits directly, independently of the code under test, so that tests can check what
 * was committed. Tests read tables whose commits are all still there (no log cleanup).
 */
final class DeltaLogFiles
{
    private DeltaLogFiles() {}

    static long latestVersion(Path table)
            throws IOException
    {
        try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("\\d{20}\\.json"))
                    .mapToLong(name -> Long.parseLong(name.substring(0, 20)))
                    .max()
                    .orElseThrow();
        }
    }

    static Path commitFile(Path table, long version)
    {
        return table.resolve("_delta_log/%020d.json".formatted(version));
    }

    static List<JsonNode> actions(Path table, long version)
            throws IOException
    {
        return Files.readAllLines(commitFile(table, version), UTF_8).stream()
                .filter(line -> !line.isBlank())
                .map(MaintenanceServiceProcess::parse)
                .toList();
    }

    static JsonNode commitInfo(Path table, long version)
            throws IOException
    {
        return actions(table, version).stream()
                .filter(action -> action.has("commitInfo"))
                .map(action -> action.get("commitInfo"))
                .findFirst()
                .orElseThrow();
    }

    /**
     * The versions whose {@code commitInfo} matches, oldest first.
     */
    static List<Long> versionsWhere(Path table, Predicate<JsonNode> commitInfo)
            throws IOException
    {
        List<Long> versions = new ArrayList<>();
        for (long version = 0; version <= latestVersion(table); version++) {
            if (commitInfo.test(commitInfo(table, version))) {
                versions.add(version);
            }
        }
        return versions;
    }

    static List<Long> versionsOf(Path table, String operation)
            throws IOException
    {
        return versionsWhere(table, commitInfo -> commitInfo.path("operation").asText().equals(operation));
    }

    /**
     * The paths (as the log writes them) of the data files of the latest version.
     */
    static Set<String> activeFiles(Path table)
            throws IOException
    {
        Set<String> active = new HashSet<>();
        for (long version = 0; version <= latestVersion(table); version++) {
            for (JsonNode action : actions(table, version)) {
                if (action.has("add")) {
                    active.add(action.get("add").get("path").asText());
                }
                if (action.has("remove")) {
                    active.remove(action.get("remove").get("path").asText());
                }
            }
        }
        return active;
    }
}
