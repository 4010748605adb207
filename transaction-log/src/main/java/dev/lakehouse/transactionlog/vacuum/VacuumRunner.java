package dev.lakehouse.transactionlog.vacuum;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Lists;
import dev.lakehouse.transactionlog.CommitRequest;
import dev.lakehouse.transactionlog.DataFilePaths;
import dev.lakehouse.transactionlog.NormalizedPath;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import io.airlift.log.Logger;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.TrinoException;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.ToLongFunction;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static java.util.Objects.requireNonNull;

/**
 * Carries out a {@link VacuumPlan} as Delta does: a {@code VACUUM START} commit saying what will be deleted, the
 * deletes, then a {@code VACUUM END} commit with the outcome, so that history and other engines see it. Files that a
 * commit made between planning and the start commit added back are spared.
 */
public final class VacuumRunner
{
    private static final Logger log = Logger.get(VacuumRunner.class);
    private static final int DELETE_BATCH_SIZE = 1000;

    private final TrinoFileSystem fileSystem;
    private final TransactionLog transactionLog;
    private final ToLongFunction<CommitRequest> committer;

    /**
     * @param committer commits a request through the one commit path of the caller and returns the version
     */
    public VacuumRunner(TrinoFileSystem fileSystem, TransactionLog transactionLog, ToLongFunction<CommitRequest> committer)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.transactionLog = requireNonNull(transactionLog, "transactionLog is null");
        this.committer = requireNonNull(committer, "committer is null");
    }

    /**
     * @param provenance user, query id and engine of the commits; its parameters (a job id, say) are kept beside Delta's vacuum parameters
     */
    public VacuumResult run(VacuumPlan plan, CommitInfoEntry provenance, Duration defaultRetention)
    {
        long startVersion = committer.applyAsLong(new CommitRequest(
                OptionalLong.of(plan.snapshotVersion()),
                provenance.forOperation(
                        "VACUUM START",
                        withProvenance(provenance, ImmutableMap.of(
                                "retentionCheckEnabled", "true",
                                "specifiedRetentionMillis", Long.toString(plan.retention().toMillis()),
                                "defaultRetentionMillis", Long.toString(defaultRetention.toMillis()))),
                        ImmutableMap.of(
                                "numFilesToDelete", Integer.toString(plan.candidates().size()),
                                "sizeOfDataToDelete", Long.toString(plan.bytes()))),
                List.of(),
                false));

        Set<NormalizedPath> addedSincePlan = addedBetween(plan.snapshotVersion(), startVersion);
        List<VacuumCandidate> toDelete = plan.candidates().stream()
                .filter(candidate -> !addedSincePlan.contains(NormalizedPath.of(candidate.location())))
                .toList();
        int deletedFiles = 0;
        long deletedBytes = 0;
        IOException failure = null;
        for (List<VacuumCandidate> batch : Lists.partition(toDelete, DELETE_BATCH_SIZE)) {
            try {
                fileSystem.deleteFiles(batch.stream().map(VacuumCandidate::location).toList());
            }
            catch (IOException e) {
                failure = e;
                break;
            }
            deletedFiles += batch.size();
            deletedBytes += batch.stream().mapToLong(VacuumCandidate::size).sum();
            log.info("Vacuum of %s deleted %s of %s files", plan.tableLocation(), deletedFiles, toDelete.size());
        }

        long endVersion = committer.applyAsLong(new CommitRequest(
                OptionalLong.of(startVersion),
                provenance.forOperation(
                        "VACUUM END",
                        withProvenance(provenance, ImmutableMap.of("status", failure == null ? "COMPLETED" : "FAILED")),
                        ImmutableMap.of("numDeletedFiles", Integer.toString(deletedFiles), "numVacuumedDirectories", "0")),
                List.of(),
                false));
        if (failure != null) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Vacuum of %s deleted %s of %s files, then failed: %s. Nothing the table needs was touched; run it again".formatted(
                    plan.tableLocation(), deletedFiles, toDelete.size(), failure.getMessage()), failure);
        }
        return new VacuumResult(startVersion, endVersion, deletedFiles, deletedBytes);
    }

    private static Map<String, String> withProvenance(CommitInfoEntry provenance, Map<String, String> parameters)
    {
        return ImmutableMap.<String, String>builder().putAll(provenance.operationParameters()).putAll(parameters).buildKeepingLast();
    }

    private Set<NormalizedPath> addedBetween(long afterVersion, long beforeVersion)
    {
        Set<NormalizedPath> added = new HashSet<>();
        for (long version = afterVersion + 1; version < beforeVersion; version++) {
            for (DeltaAction action : transactionLog.readCommit(version)) {
                if (action instanceof AddFileEntry add) {
                    Location location = DataFilePaths.resolve(transactionLog.tableLocation(), add.path());
                    added.add(NormalizedPath.of(location));
                }
            }
        }
        return added;
    }
}
