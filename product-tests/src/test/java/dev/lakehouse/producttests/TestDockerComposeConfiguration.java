package dev.lakehouse.producttests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.lakehouse.producttests.MaintenanceServiceProcess.readProperties;
import static dev.lakehouse.producttests.TrinoServer.property;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * What {@code docker/compose.yaml} runs, run here without Docker: its S3 server, PostgreSQL, Trino and two maintenance
 * service instances are the processes its images start ({@code bin/s3proxy}, {@code bin/postgres},
 * {@code bin/trino-server-setup} with Trino's launcher, {@code bin/maintenance-service}), configured by the files of
 * {@code etc/docker} themselves, with the compose file's service names ({@code s3}, {@code postgres}, {@code trino})
 * replaced by these processes' addresses. A key that no longer exists, a wrong S3 setting or a job store that does not
 * start fails here, not first on a user's machine.
 */
@TestInstance(PER_CLASS)
final class TestDockerComposeConfiguration
{
    // a host name with a port in a URL or JDBC URL: in etc/docker, always the name of a service of the compose file
    private static final Pattern SERVICE_ADDRESS = Pattern.compile("//([a-z][a-z0-9-]*):(\\d+)");
    private static final Pattern MOUNTED_CONFIGURATION = Pattern.compile("- \\.\\./(etc/docker/[^:]+):");
    private static final String SCHEMA = "docker";

    private Path repository;
    private Path dockerEtc;
    private final Map<String, String> localAddresses = new HashMap<>();
    private S3Endpoint s3;
    private String bucket;
    private PostgresServer postgres;
    private TrinoServer trino;
    // the API token of etc/docker's first instance (both have the same)
    private String token;
    private final List<MaintenanceServiceProcess> instances = new ArrayList<>();

    @BeforeAll
    void start()
            throws Exception
    {
        repository = Path.of(property("lakehouse.repository"));
        dockerEtc = repository.resolve("etc/docker");
        Map<String, String> lakehouseCatalog = readProperties(dockerEtc.resolve("trino/catalog/lakehouse.properties"));
        bucket = URI.create(lakehouseCatalog.get("lakehouse.warehouse")).getHost();

        s3 = new S3Endpoint(bucket);
        localAddresses.put("s3", URI.create(s3.endpoint()).getAuthority());
        postgres = new PostgresServer();
        localAddresses.put("postgres", URI.create(postgres.jdbcUrl().substring("jdbc:".length())).getAuthority());

        Map<String, Map<String, String>> catalogs = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dockerEtc.resolve("trino/catalog"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".properties")).toList()) {
                Map<String, String> properties = new LinkedHashMap<>();
                readProperties(file).forEach((key, value) -> properties.put(key, local(value)));
                catalogs.put(file.getFileName().toString().replace(".properties", ""), properties);
            }
        }
        trino = TrinoServer.replacingCatalogs(catalogs);
        localAddresses.put("trino", "127.0.0.1:" + trino.port());

        token = readProperties(dockerEtc.resolve("maintenance-service/config.properties")).get("maintenance.api-token");
        Path directory = Files.createTempDirectory("docker-compose");
        for (String instance : List.of("maintenance-service", "maintenance-service-2")) {
            instances.add(MaintenanceServiceProcess.configuredBy(dockerEtc.resolve(instance), directory.resolve(instance), this::local));
        }
    }

    @AfterAll
    void stop()
            throws Exception
    {
        for (MaintenanceServiceProcess instance : instances) {
            instance.close();
        }
        if (trino != null) {
            trino.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void testComposeFileMountsTheConfigurationTestedHere()
            throws IOException
    {
        String compose = Files.readString(repository.resolve("docker/compose.yaml"));
        List<String> mounted = MOUNTED_CONFIGURATION.matcher(compose).results().map(match -> match.group(1)).toList();
        assertThat(mounted).containsExactlyInAnyOrder("etc/docker/trino/catalog", "etc/docker/maintenance-service", "etc/docker/maintenance-service-2");
        for (String folder : mounted) {
            assertThat(repository.resolve(folder)).isDirectory();
        }
    }

    @Test
    void testDockerfilesCopyWhatTheBuildMakes()
            throws IOException
    {
        // run after the plugin and the service are packaged: every COPY source of an image exists, as `docker build` needs
        for (String image : List.of("trino", "maintenance-service")) {
            List<String> copies = Files.readAllLines(repository.resolve("docker").resolve(image).resolve("Dockerfile")).stream()
                    .filter(line -> line.startsWith("COPY "))
                    .toList();
            assertThat(copies).as(image).isNotEmpty();
            for (String copy : copies) {
                List<String> arguments = Stream.of(copy.split("\\s+")).skip(1).filter(argument -> !argument.startsWith("--")).toList();
                for (String source : arguments.subList(0, arguments.size() - 1)) {
                    assertThat(matches(source)).as("%s: %s", image, copy).isNotEmpty();
                }
            }
        }
    }

    @Test
    void testComposeConfigurationKeepsATableOnS3WithTwoServiceInstances()
            throws Exception
    {
        String table = "lakehouse.%s.orders".formatted(SCHEMA);
        String filesTable = "lakehouse.%s.\"orders$files\"".formatted(SCHEMA);
        trino.execute("CREATE SCHEMA IF NOT EXISTS lakehouse." + SCHEMA);
        // maintenance off: this test asks for each job itself, so that no evaluation tick races with it
        trino.execute("CREATE TABLE %s WITH (maintenance_enabled = false) AS SELECT orderkey, custkey, totalprice FROM tpch.tiny.orders WHERE orderkey %% 4 = 0".formatted(table));
        for (int remainder = 1; remainder < 4; remainder++) {
            trino.execute("INSERT INTO %s SELECT orderkey, custkey, totalprice FROM tpch.tiny.orders WHERE orderkey %% 4 = %s".formatted(table, remainder));
        }
        String summary = "SELECT count(*), sum(orderkey), sum(custkey) FROM ";
        List<List<String>> rows = trino.query(summary + table);
        assertThat(rows).isEqualTo(trino.query(summary + "tpch.tiny.orders"));
        String tablePrefix = "warehouse/%s/orders/".formatted(SCHEMA);
        assertThat(trino.query("SELECT DISTINCT substr(\"$path\", 1, length('s3://%s/%s')) FROM %s".formatted(bucket, tablePrefix, table)))
                .containsExactly(List.of("s3://%s/%s".formatted(bucket, tablePrefix)));
        long filesBefore = filesOf(filesTable);
        assertThat(filesBefore).isEqualTo(4);

        // the API takes write requests with the configured token only
        String jobs = "/v1/tables/%s/orders/jobs".formatted(SCHEMA);
        assertThat(instances.getFirst().post(jobs, "{\"kind\": \"compact\"}", Optional.empty()).statusCode()).isEqualTo(401);
        assertThat(instances.getFirst().post(jobs, "{\"kind\": \"compact\"}", Optional.of(token + "-wrong")).statusCode()).isEqualTo(403);

        // a compaction asked of one instance, a checkpoint of the other: both run through the shared job store and
        // both instances list them
        String compaction = requestJob(instances.getFirst(), jobs, "compact");
        String checkpoint = requestJob(instances.getLast(), jobs, "checkpoint");
        for (String job : List.of(compaction, checkpoint)) {
            for (MaintenanceServiceProcess instance : instances) {
                instance.await("/v1/jobs/" + job, state -> state.get("state").asText().equals("SUCCEEDED"), Duration.ofMinutes(2), "job %s to succeed".formatted(job));
            }
        }
        assertThat(filesOf(filesTable)).isLessThan(filesBefore);
        assertThat(trino.query(summary + table)).isEqualTo(rows);
        assertThat(s3.objectKeys(bucket, tablePrefix + "_delta_log")).anyMatch(key -> key.endsWith(".checkpoint.parquet"));
        JsonNode described = instances.getLast().get("/v1/tables/%s/orders".formatted(SCHEMA));
        assertThat(described.get("location").asText()).isEqualTo("s3://%s/%s".formatted(bucket, tablePrefix.substring(0, tablePrefix.length() - 1)));
    }

    @Test
    void testVacuumOnS3DeletesOnlyOldUnreferencedFilesOfTheTable()
            throws Exception
    {
        String table = "lakehouse.%s.vacuumed".formatted(SCHEMA);
        trino.execute("CREATE SCHEMA IF NOT EXISTS lakehouse." + SCHEMA);
        trino.execute("CREATE TABLE %s WITH (maintenance_enabled = false) AS SELECT orderkey, custkey FROM tpch.tiny.orders WHERE orderkey %% 2 = 0".formatted(table));
        trino.execute("INSERT INTO %s SELECT orderkey, custkey FROM tpch.tiny.orders WHERE orderkey %% 2 = 1".formatted(table));
        String tablePath = "/v1/tables/%s/vacuumed".formatted(SCHEMA);
        // the compaction removes both files from the table now: younger than the retention, they must stay
        String compaction = requestJob(instances.getFirst(), tablePath + "/jobs", "compact");
        instances.getFirst().await("/v1/jobs/" + compaction, state -> state.get("state").asText().equals("SUCCEEDED"), Duration.ofMinutes(2), "the compaction to succeed");
        String summary = "SELECT count(*), sum(orderkey), sum(custkey) FROM ";
        List<List<String>> rows = trino.query(summary + table);

        // what a failed write left: one orphan older than the retention (7 days by default), one younger; an old file
        // under _delta_log/ that is no commit, and an old file of the next folder whose name starts like the table's
        String tablePrefix = "warehouse/%s/vacuumed/".formatted(SCHEMA);
        Instant longAgo = Instant.now().minus(Duration.ofDays(8));
        byte[] content = "not a Parquet file".getBytes(UTF_8);
        String oldOrphan = tablePrefix + "part-00000-old-orphan.parquet";
        s3.putObjectModifiedAt(bucket, oldOrphan, content, longAgo);
        s3.putObjectModifiedAt(bucket, tablePrefix + "part-00000-young-orphan.parquet", content, Instant.now().minus(Duration.ofHours(1)));
        s3.putObjectModifiedAt(bucket, tablePrefix + "_delta_log/notes.txt", content, longAgo);
        s3.putObjectModifiedAt(bucket, "warehouse/%s/vacuumed_copy/part-00000-old.parquet".formatted(SCHEMA), content, longAgo);
        List<String> keysBefore = s3.objectKeys(bucket, "warehouse/" + SCHEMA);

        // the dry run lists only the old orphan, and why; the vacuum deletes only it, and is committed to the log
        JsonNode plan = instances.getLast().get(tablePath + "/vacuum-plan");
        assertThat(plan.get("candidates")).hasSize(1);
        assertThat(plan.get("candidates").get(0).get("path").asText()).isEqualTo("s3://%s/%s".formatted(bucket, oldOrphan));
        assertThat(plan.get("candidates").get(0).get("reason").asText()).isEqualTo("orphan");
        String vacuum = requestJob(instances.getLast(), tablePath + "/jobs", "vacuum");
        instances.getLast().await("/v1/jobs/" + vacuum, state -> state.get("state").asText().equals("SUCCEEDED"), Duration.ofMinutes(2), "the vacuum to succeed");
        List<String> keysAfter = s3.objectKeys(bucket, "warehouse/" + SCHEMA);
        List<String> deleted = keysBefore.stream().filter(key -> !keysAfter.contains(key)).toList();
        List<String> written = keysAfter.stream().filter(key -> !keysBefore.contains(key)).toList();
        assertThat(deleted).containsExactly(oldOrphan);
        assertThat(written).allMatch(key -> key.startsWith(tablePrefix + "_delta_log/"), "only commits are written");
        assertThat(trino.query(summary + table)).isEqualTo(rows);
        assertThat(trino.query("SELECT operation FROM lakehouse.%s.\"vacuumed$history\" ORDER BY version DESC LIMIT 2".formatted(SCHEMA)))
                .containsExactly(List.of("VACUUM END"), List.of("VACUUM START"));
        // every version still reads: the files the compaction removed are within the retention
        assertThat(trino.query(summary + table + " FOR VERSION AS OF 1")).isEqualTo(rows);
    }

    private String requestJob(MaintenanceServiceProcess instance, String path, String kind)
    {
        HttpResponse<String> response = instance.post(path, "{\"kind\": \"%s\"}".formatted(kind), Optional.of(token));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return MaintenanceServiceProcess.parse(response.body()).get("id").asText();
    }

    private long filesOf(String filesTable)
            throws Exception
    {
        return Long.parseLong(trino.query("SELECT count(*) FROM " + filesTable).getFirst().getFirst());
    }

    /**
     * A configuration value of etc/docker with each compose service's address replaced by its local process's.
     */
    private String local(String value)
    {
        Matcher address = SERVICE_ADDRESS.matcher(value);
        StringBuilder local = new StringBuilder();
        while (address.find()) {
            String service = address.group(1);
            String replacement = localAddresses.get(service);
            if (replacement == null) {
                throw new IllegalStateException("%s names %s, which is not a service of docker/compose.yaml started by this test (%s)".formatted(value, service, localAddresses.keySet()));
            }
            address.appendReplacement(local, Matcher.quoteReplacement("//" + replacement));
        }
        address.appendTail(local);
        return local.toString();
    }

    /**
     * The files of the repository a COPY source names, whose last path element may hold a {@code *}.
     */
    private List<Path> matches(String source)
            throws IOException
    {
        Path path = repository.resolve(source);
        if (!source.contains("*")) {
            return Files.exists(path) ? List.of(path) : List.of();
        }
        try (Stream<Path> files = Files.list(path.getParent())) {
            String glob = "glob:" + path.getFileName();
            return files.filter(file -> file.getFileSystem().getPathMatcher(glob).matches(file.getFileName())).toList();
        }
    }
}
