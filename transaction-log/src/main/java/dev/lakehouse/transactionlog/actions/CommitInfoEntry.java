package dev.lakehouse.transactionlog.actions;

import com.google.common.collect.ImmutableMap;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The {@code commitInfo} action: provenance of a commit. Other engines add more fields, which are ignored.
 */
public record CommitInfoEntry(
        long timestamp,
        String operation,
        Map<String, String> operationParameters,
        Optional<String> userName,
        Optional<String> queryId,
        Optional<String> engineInfo,
        Optional<Long> readVersion,
        Optional<String> isolationLevel,
        Optional<Boolean> isBlindAppend)
        implements DeltaAction
{
    public CommitInfoEntry
    {
        requireNonNull(operation, "operation is null");
        operationParameters = ImmutableMap.copyOf(operationParameters);
        requireNonNull(userName, "userName is null");
        requireNonNull(queryId, "queryId is null");
        requireNonNull(engineInfo, "engineInfo is null");
        requireNonNull(readVersion, "readVersion is null");
        requireNonNull(isolationLevel, "isolationLevel is null");
        requireNonNull(isBlindAppend, "isBlindAppend is null");
    }
}
