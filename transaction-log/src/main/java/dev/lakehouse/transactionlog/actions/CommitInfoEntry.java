package dev.lakehouse.transactionlog.actions;

import com.google.common.collect.ImmutableMap;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The {@code commitInfo} action: provenance of a commit. Other engines add more fields, which are ignored.
 *
 * @param operationMetrics counts describing what the operation did (files added, files deleted, ...), as Delta writes them
 */
public record CommitInfoEntry(
        long timestamp,
        String operation,
        Map<String, String> operationParameters,
        Map<String, String> operationMetrics,
        Optional<String> userName,
        Optional<String> queryId,
        Optional<String> engineInfo,
        Optional<Long> readVersion,
        Optional<String> isolationLevel,
        Optional<Boolean> isBlindAppend)
        implements DeltaAction
{
    /**
     * The operation parameter naming the maintenance service's job a commit belongs to: the service finds its own
     * commits in the log by it.
     */
    public static final String MAINTENANCE_JOB_ID = "maintenanceJobId";

    public CommitInfoEntry
    {
        requireNonNull(operation, "operation is null");
        operationParameters = ImmutableMap.copyOf(operationParameters);
        operationMetrics = ImmutableMap.copyOf(operationMetrics);
        requireNonNull(userName, "userName is null");
        requireNonNull(queryId, "queryId is null");
        requireNonNull(engineInfo, "engineInfo is null");
        requireNonNull(readVersion, "readVersion is null");
        requireNonNull(isolationLevel, "isolationLevel is null");
        requireNonNull(isBlindAppend, "isBlindAppend is null");
    }

    public CommitInfoEntry withIsolationLevel(String level)
    {
        return new CommitInfoEntry(timestamp, operation, operationParameters, operationMetrics, userName, queryId, engineInfo, readVersion, Optional.of(level), isBlindAppend);
    }

    /**
     * This commit's provenance (user, query, engine) for another operation.
     */
    public CommitInfoEntry forOperation(String newOperation, Map<String, String> newParameters, Map<String, String> newMetrics)
    {
        return new CommitInfoEntry(timestamp, newOperation, newParameters, newMetrics, userName, queryId, engineInfo, readVersion, isolationLevel, isBlindAppend);
    }
}
