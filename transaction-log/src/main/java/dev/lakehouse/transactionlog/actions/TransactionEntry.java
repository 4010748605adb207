package dev.lakehouse.transactionlog.actions;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The {@code txn} action: the last version an application committed, for idempotent writes.
 */
public record TransactionEntry(String appId, long version, Optional<Long> lastUpdated)
        implements DeltaAction
{
    public TransactionEntry
    {
        requireNonNull(appId, "appId is null");
        requireNonNull(lastUpdated, "lastUpdated is null");
    }
}
