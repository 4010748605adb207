package dev.lakehouse.producttests;

import com.google.common.collect.ImmutableMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Reads every table of the Spark-written golden corpus (testing/delta-golden-tables) through this connector and
 * through Trino's own Delta Lake connector in the same server. Where both read a table, the rows must be equal;
 * where only this connector refuses one, the refusal is listed below with why. Tables both refuse are reported only.
 */
@TestInstance(PER_CLASS)
final class TestGoldenTables
{
    /**
     * Tables this connector refuses on purpose while Trino's Delta Lake connector reads them, with a part of the message
     * that says why: none since column mapping and V2 checkpoints are read.
     */
    private static final Map<String, String> REFUSED = ImmutableMap.<String, String>builder()
            .buildOrThrow();
    // the JDBC driver's message when it cannot decode a value the server sent
    private static final String CLIENT_CANNOT_FETCH = "Error fetching results";

    private TrinoServer server;

    @BeforeAll
    void startServer()
            throws Exception
    {
        server = new TrinoServer();
        server.execute("CREATE SCHEMA lakehouse.golden");
        server.execute("CREATE SCHEMA delta.golden");
    }

    @AfterAll
    void stopServer()
    {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void testGoldenTables()
            throws Exception
    {
        Path corpus = Path.of(System.getProperty("lakehouse.golden.tables"));
        Map<String, String> outcomes = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Path source : tables(corpus)) {
            String name = source.getFileName().toString();
            String table = name.toLowerCase(Locale.ENGLISH).replaceAll("[^a-z0-9]", "_");
            Path copy = server.scratchDirectory().resolve(name);
            copyDirectory(source, copy);

            Outcome ours = read("lakehouse", table, copy);
            Outcome theirs = read("delta", table, copy);
            String expectedRefusal = REFUSED.get(name);
            if (ours.error().isPresent() && theirs.error().isPresent() && ours.error().get().contains(CLIENT_CANNOT_FETCH)) {
                // a value the JDBC client cannot decode (a map with array keys): the columns are compared one by one
                outcomes.put(name, compareColumns(table, problems));
                continue;
            }
            if (ours.error().isPresent() && theirs.error().isPresent()) {
                // a table neither connector reads (a broken log, a missing table folder) needs no listing
                outcomes.put(name, "refused by both: " + ours.error().get());
                continue;
            }
            if (ours.error().isPresent()) {
                outcomes.put(name, "refused: " + ours.error().get());
                if (expectedRefusal == null || !ours.error().get().contains(expectedRefusal)) {
                    problems.add("%s: unexpected error here: %s (Trino's Delta Lake connector: %s)".formatted(name, ours.error().get(), theirs.error().map(error -> "error " + error).orElse("reads it")));
                }
                continue;
            }
            if (expectedRefusal != null) {
                problems.add("%s: expected a refusal containing '%s' but it was read".formatted(name, expectedRefusal));
            }
            if (theirs.error().isPresent()) {
                outcomes.put(name, "read here; Trino's Delta Lake connector fails: " + theirs.error().get());
                continue;
            }
            if (!ours.rows().equals(theirs.rows())) {
                problems.add("%s: rows differ\nours:   %s\ntheirs: %s".formatted(name, abbreviate(ours.rows()), abbreviate(theirs.rows())));
            }
            outcomes.put(name, "same %s rows in both".formatted(ours.rows().size()));
        }
        outcomes.forEach((name, outcome) -> System.out.println("golden table " + name + ": " + outcome));
        assertThat(problems).isEmpty();
    }

    /**
     * Compares each column the client can fetch through both connectors; a column neither fetch is named.
     */
    private String compareColumns(String table, List<String> problems)
            throws SQLException
    {
        List<String> columns = server.query("SELECT column_name FROM lakehouse.information_schema.columns WHERE table_schema = 'golden' AND table_name = '%s'".formatted(table)).stream()
                .map(List::getFirst)
                .toList();
        List<String> unfetchable = new ArrayList<>();
        Optional<String> theirRefusal = Optional.empty();
        for (String column : columns) {
            Outcome ours = select("lakehouse", table, "\"%s\"".formatted(column));
            Outcome theirs = select("delta", table, "\"%s\"".formatted(column));
            if (ours.error().isPresent() && ours.error().get().contains(CLIENT_CANNOT_FETCH) && theirs.error().isPresent()) {
                unfetchable.add(column);
            }
            else if (ours.error().isEmpty() && theirs.error().isPresent() && !theirs.error().get().contains(CLIENT_CANNOT_FETCH)) {
                theirRefusal = theirs.error();
            }
            else if (!ours.equals(theirs)) {
                problems.add("%s.%s: differs\nours:   %s\ntheirs: %s".formatted(table, column, ours, theirs));
            }
        }
        String compared = "%s of %s columns read one by one (the client fetches %s through neither)".formatted(columns.size() - unfetchable.size(), columns.size(), unfetchable);
        return theirRefusal
                .map(error -> compared + "; Trino's Delta Lake connector fails: " + error)
                .orElse(compared + ", the same in both");
    }

    private record Outcome(Optional<String> error, List<String> rows) {}

    private Outcome read(String catalog, String table, Path location)
    {
        try {
            server.execute("CALL %s.system.register_table(schema_name => 'golden', table_name => '%s', table_location => '%s')".formatted(catalog, table, location.toUri()));
        }
        catch (SQLException e) {
            return new Outcome(Optional.of(e.getMessage()), List.of());
        }
        return select(catalog, table, "*");
    }

    private Outcome select(String catalog, String table, String columns)
    {
        try {
            List<String> rows = server.query("SELECT %s FROM %s.golden.\"%s\"".formatted(columns, catalog, table)).stream()
                    .map(Object::toString)
                    .sorted()
                    .toList();
            return new Outcome(Optional.empty(), rows);
        }
        catch (SQLException e) {
            return new Outcome(Optional.of(e.getMessage()), List.of());
        }
    }

    private static List<Path> tables(Path corpus)
            throws IOException
    {
        try (Stream<Path> entries = Files.list(corpus)) {
            return entries.filter(Files::isDirectory).sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    private static void copyDirectory(Path source, Path target)
            throws IOException
    {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                }
                else {
                    Files.copy(file, destination);
                }
            }
        }
    }

    private static String abbreviate(List<String> rows)
    {
        String text = rows.toString();
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }
}
