package dev.lakehouse.transactionlog.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.transactionlog.LogFile;
import dev.lakehouse.transactionlog.actions.ActionJsonCodec;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoInputFile;
import io.trino.filesystem.TrinoInputStream;
import io.trino.spi.TrinoException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_CORRUPT_LOG;
import static dev.lakehouse.transactionlog.actions.ActionJsonCodec.MAPPER;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * V2 checkpoints (Delta's {@code v2Checkpoint} feature): {@code n.checkpoint.<uuid>.json} or {@code .parquet} holds
 * the table's non-file actions and {@code sidecar} actions naming Parquet files under {@code _delta_log/_sidecars/}
 * that hold its {@code add} and {@code remove} actions.
 */
final class V2Checkpoints
{
    private static final String SIDECAR_DIRECTORY = "_sidecars";

    private V2Checkpoints() {}

    static boolean isV2Checkpoint(Location location)
    {
        return LogFile.parse(location, 0, 0).map(file -> file.kind() == LogFile.Kind.V2_CHECKPOINT).orElse(false);
    }

    /**
     * Sends the actions of a JSON V2 checkpoint to {@code consumer}.
     *
     * @return the paths of its sidecar files
     */
    static List<String> readJson(TrinoInputFile file, Consumer<DeltaAction> consumer)
            throws IOException
    {
        List<String> sidecars = new ArrayList<>();
        try (TrinoInputStream input = file.newStream();
                BufferedReader reader = new BufferedReader(new InputStreamReader(input, UTF_8))) {
            String source = file.location().toString();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode sidecar = sidecar(line, source);
                if (sidecar != null) {
                    sidecars.add(sidecar.path("path").asText());
                }
                else {
                    ActionJsonCodec.parse(line, source).ifPresent(consumer);
                }
            }
        }
        return sidecars;
    }

    /**
     * Where a sidecar named by the checkpoint at {@code checkpoint} is: a path relative to {@code _delta_log/_sidecars/},
     * or an absolute URI.
     */
    static Location sidecarLocation(Location checkpoint, String path)
    {
        if (URI.create(path.replace(" ", "%20")).isAbsolute()) {
            return Location.of(path);
        }
        return checkpoint.parentDirectory().appendPath(SIDECAR_DIRECTORY).appendPath(path);
    }

    private static JsonNode sidecar(String line, String source)
    {
        try {
            JsonNode node = MAPPER.readTree(line);
            JsonNode sidecar = node == null ? null : node.get("sidecar");
            if (sidecar != null && !sidecar.hasNonNull("path")) {
                throw new TrinoException(LAKEHOUSE_CORRUPT_LOG, "V2 checkpoint %s has a sidecar action without a path".formatted(source));
            }
            return sidecar;
        }
        catch (JsonProcessingException e) {
            // the codec reports the line with the file it is in
            return null;
        }
    }
}
