package dev.lakehouse.trino;

import dev.lakehouse.transactionlog.TableSnapshot;
import io.trino.filesystem.Location;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableVersion;
import io.trino.spi.type.LongTimestampWithTimeZone;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.Type;

import static io.trino.spi.StandardErrorCode.INVALID_ARGUMENTS;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateTimeEncoding.unpackMillisUtc;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TinyintType.TINYINT;
import static java.lang.Math.floorDiv;

/**
 * Resolves {@code FOR VERSION AS OF n} and {@code FOR TIMESTAMP AS OF t} to a snapshot.
 */
final class TimeTravel
{
    private TimeTravel() {}

    static TableSnapshot snapshot(TransactionLogAccess logAccess, ConnectorSession session, Location location, ConnectorTableVersion version)
    {
        Type type = version.getVersionType();
        return switch (version.getPointerType()) {
            case TARGET_ID -> {
                if (!(type.equals(BIGINT) || type.equals(INTEGER) || type.equals(SMALLINT) || type.equals(TINYINT))) {
                    throw new TrinoException(INVALID_ARGUMENTS, "FOR VERSION AS OF needs an integer table version, but got a value of type " + type);
                }
                long number = (long) version.getVersion();
                if (number < 0) {
                    throw new TrinoException(INVALID_ARGUMENTS, "Table versions start at 0, but FOR VERSION AS OF asked for " + number);
                }
                yield logAccess.snapshotAtVersion(session, location, number);
            }
            case TEMPORAL -> logAccess.snapshotAsOf(session, location, epochMillis(type, version.getVersion(), session));
        };
    }

    private static long epochMillis(Type type, Object value, ConnectorSession session)
    {
        if (type instanceof TimestampWithTimeZoneType timestampWithTimeZone) {
            return timestampWithTimeZone.isShort() ? unpackMillisUtc((long) value) : ((LongTimestampWithTimeZone) value).getEpochMillis();
        }
        if (type instanceof TimestampType timestamp && timestamp.isShort()) {
            // a timestamp without zone is read in the session's time zone
            long micros = (long) value;
            java.time.LocalDateTime local = java.time.LocalDateTime.ofEpochSecond(floorDiv(micros, 1_000_000), (int) Math.floorMod(micros, 1_000_000) * 1000, java.time.ZoneOffset.UTC);
            return local.atZone(session.getTimeZoneKey().getZoneId()).toInstant().toEpochMilli();
        }
        throw new TrinoException(INVALID_ARGUMENTS, "FOR TIMESTAMP AS OF needs a timestamp, but got a value of type " + type);
    }
}
