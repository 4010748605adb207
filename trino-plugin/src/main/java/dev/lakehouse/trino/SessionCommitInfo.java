package dev.lakehouse.trino;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import io.trino.spi.connector.ConnectorSession;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code commitInfo} of a commit made in a Trino session: who, which query, which engine, and the maintenance
 * service's job id when the session carries one (session property {@code maintenance_job_id}).
 */
public final class SessionCommitInfo
{
    public static final String ENGINE_INFO = "lakehouse-trino-connector";

    private SessionCommitInfo() {}

    public static CommitInfoEntry of(ConnectorSession session, String operation, Map<String, String> parameters, boolean blindAppend)
    {
        Map<String, String> withJobId = LakehouseSessionProperties.getMaintenanceJobId(session)
                .map(jobId -> ImmutableMap.<String, String>builder().putAll(parameters).put(CommitInfoEntry.MAINTENANCE_JOB_ID, jobId).buildKeepingLast())
                .orElse(ImmutableMap.copyOf(parameters));
        return new CommitInfoEntry(
                System.currentTimeMillis(),
                operation,
                withJobId,
                ImmutableMap.of(),
                Optional.of(session.getUser()),
                Optional.of(session.getQueryId()),
                Optional.of(ENGINE_INFO),
                Optional.empty(),
                Optional.of("WriteSerializable"),
                Optional.of(blindAppend));
    }
}
