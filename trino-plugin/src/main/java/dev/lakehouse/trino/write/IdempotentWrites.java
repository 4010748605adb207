package dev.lakehouse.trino.write;

import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.TransactionEntry;
import dev.lakehouse.trino.LakehouseSessionProperties;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;

import java.util.Optional;

import static io.trino.spi.StandardErrorCode.INVALID_SESSION_PROPERTY;

/**
 * Idempotent writes with Delta's {@code txn} action: a session that sets {@code write_application_id} and
 * {@code write_application_version} records them in its commit, and a write whose version the table already
 * records for that application is skipped, so a retried job does not append twice.
 */
public final class IdempotentWrites
{
    private IdempotentWrites() {}

    /**
     * The {@code txn} action of this session's writes, if it names an application.
     */
    public static Optional<TransactionEntry> transaction(ConnectorSession session)
    {
        Optional<String> application = LakehouseSessionProperties.getWriteApplicationId(session);
        Optional<Long> version = LakehouseSessionProperties.getWriteApplicationVersion(session);
        if (application.isPresent() != version.isPresent()) {
            throw new TrinoException(INVALID_SESSION_PROPERTY, "Idempotent writes need both write_application_id and write_application_version; set %s too"
                    .formatted(application.isPresent() ? "write_application_version" : "write_application_id"));
        }
        if (application.isEmpty()) {
            return Optional.empty();
        }
        if (application.get().isBlank() || version.get() < 0) {
            throw new TrinoException(INVALID_SESSION_PROPERTY, "write_application_id must not be blank and write_application_version must be 0 or more, but they are '%s' and %s"
                    .formatted(application.get(), version.get()));
        }
        return Optional.of(new TransactionEntry(application.get(), version.get(), Optional.of(System.currentTimeMillis())));
    }

    /**
     * Whether the table already holds this version (or a later one) of the application's writes.
     */
    public static boolean alreadyCommitted(TableSnapshot latest, TransactionEntry transaction)
    {
        TransactionEntry recorded = latest.transactions().get(transaction.appId());
        return recorded != null && recorded.version() >= transaction.version();
    }
}
