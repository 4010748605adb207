package dev.lakehouse.trino.restore;

import com.google.common.collect.ImmutableList;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.TableProcedureExecutionMode;
import io.trino.spi.connector.TableProcedureMetadata;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT;
import static io.trino.spi.session.PropertyMetadata.longProperty;
import static io.trino.spi.session.PropertyMetadata.stringProperty;

/**
 * {@code ALTER TABLE t EXECUTE restore(version => n)} or {@code restore(timestamp => '2026-12-01T10:00:00Z')}: commits
 * a new version whose files, schema and configuration are those of an old one, without rewriting data (Delta's
 * RESTORE). Runs on the coordinator.
 */
public final class RestoreTableProcedure
{
    public static final String NAME = "RESTORE";
    private static final String VERSION = "version";
    private static final String TIMESTAMP = "timestamp";

    private RestoreTableProcedure() {}

    public static TableProcedureMetadata metadata()
    {
        return new TableProcedureMetadata(
                NAME,
                TableProcedureExecutionMode.coordinatorOnly(),
                ImmutableList.of(
                        longProperty(VERSION, "The version to restore", null, false),
                        stringProperty(TIMESTAMP, "Restore the version that was current at this instant (ISO-8601, e.g. 2026-12-01T10:00:00Z)", null, false)));
    }

    /**
     * What the call asks for: exactly one of a version and an instant.
     */
    public static RestoreTarget target(Map<String, Object> properties)
    {
        Long version = (Long) properties.get(VERSION);
        String timestamp = (String) properties.get(TIMESTAMP);
        if ((version == null) == (timestamp == null)) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "restore needs exactly one of version => n and timestamp => '2026-12-01T10:00:00Z'");
        }
        if (version != null) {
            if (version < 0) {
                throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "restore: versions start at 0, but version was " + version);
            }
            return new RestoreTarget.Version(version);
        }
        try {
            return new RestoreTarget.AsOf(Instant.parse(timestamp).toEpochMilli());
        }
        catch (DateTimeParseException e) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "restore: timestamp '%s' is not an ISO-8601 instant such as 2026-12-01T10:00:00Z".formatted(timestamp), e);
        }
    }

    /**
     * The version to restore: given, or current at an instant (epoch milliseconds).
     */
    public sealed interface RestoreTarget
    {
        record Version(long version)
                implements RestoreTarget {}

        record AsOf(long epochMillis)
                implements RestoreTarget {}
    }
}
