package dev.lakehouse.maintenance.jobs;

import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.lakehouse.maintenance.MaintenanceConfig;
import dev.lakehouse.maintenance.decide.Decision;
import dev.lakehouse.maintenance.measure.Thresholds;
import dev.lakehouse.maintenance.policy.EffectivePolicy;
import dev.lakehouse.maintenance.warehouse.TableName;
import dev.lakehouse.maintenance.warehouse.WarehouseTables;
import dev.lakehouse.transactionlog.LogFile;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.TransactionCommitter;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointWriter;
import dev.lakehouse.transactionlog.retention.TableRetention;
import dev.lakehouse.transactionlog.store.FileSystemLogStore;
import dev.lakehouse.transactionlog.vacuum.VacuumPlan;
import dev.lakehouse.transactionlog.vacuum.VacuumPlanner;
import dev.lakehouse.transactionlog.vacuum.VacuumResult;
import dev.lakehouse.transactionlog.vacuum.VacuumRunner;
import io.airlift.log.Logger;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.TrinoException;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

import static dev.lakehouse.maintenance.jobs.TrinoClient.quoted;
import static java.util.Objects.requireNonNull;

/**
 * Does one job's work on one table. Data rewrites (compact, cluster, rebuild_stats) run on Trino as the connector's
 * table procedures, one batch (partition) per statement, each committing on its own under the id
 * {@code <job>-<batch>}; checkpoints and vacuum are metadata work done here through the transaction log, by the
 * same rules as the connector's. Between batches the job stops when the service does.
 */
public final class JobExecutor
{
    private static final Logger log = Logger.get(JobExecutor.class);
    private static final String ENGINE_INFO = "lakehouse-maintenance-service";

    private final TrinoClient trino;
    private final WarehouseTables warehouse;
    private final JobRegistry registry;
    private final int maxOverlapDepth;

    @Inject
    public JobExecutor(TrinoClient trino, WarehouseTables warehouse, JobRegistry registry, MaintenanceConfig config)
    {
        this.trino = requireNonNull(trino, "trino is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.maxOverlapDepth = config.getClusteringMaxOverlapDepth();
    }

    /**
     * Runs the job to its end and records every step in the registry.
     */
    public JobRecord run(String jobId, TableName table, Location location, Decision decision, EffectivePolicy policy, BooleanSupplier stopping)
    {
        TransactionLog transactionLog = warehouse.transactionLog(location);
        TableSnapshot before = transactionLog.loadLatestSnapshot();
        List<Optional<String>> batches = batches(decision, before);
        registry.update(jobId, job -> job.started(Instant.now(), batches.size(), before.activeFiles().size(), totalBytes(before)));
        JobState state = JobState.SUCCEEDED;
        Optional<String> error = Optional.empty();
        try {
            switch (decision.kind()) {
                case COMPACT, CLUSTER, REBUILD_STATS -> state = rewrite(jobId, table, transactionLog, before, decision, policy, batches, stopping);
                case CHECKPOINT -> checkpoint(jobId, location, transactionLog, before);
                case VACUUM -> vacuum(jobId, location, transactionLog, before, policy);
            }
        }
        catch (SQLException e) {
            state = outcomeOf(e);
            error = Optional.of(e.getMessage());
        }
        catch (RuntimeException e) {
            state = JobState.FAILED;
            error = Optional.of(String.valueOf(e.getMessage()));
            log.warn(e, "Job %s (%s of %s) failed", jobId, decision.kind(), table);
        }
        TableSnapshot after = latestFrom(transactionLog, before);
        JobState finalState = state;
        Optional<String> failure = error;
        return registry.update(jobId, job -> job.finished(finalState, Instant.now(), after.activeFiles().size(), totalBytes(after), failure));
    }

    private static List<Optional<String>> batches(Decision decision, TableSnapshot snapshot)
    {
        return switch (decision.kind()) {
            // a compaction commits partition by partition, so a big table keeps its progress when a job stops
            case COMPACT -> decision.partitions().isEmpty()
                    ? List.of(Optional.empty())
                    : decision.partitions().stream().map(partition -> PartitionPredicates.of(partition, snapshot)).toList();
            case CLUSTER, REBUILD_STATS, CHECKPOINT, VACUUM -> List.of(Optional.empty());
        };
    }

    private JobState rewrite(String jobId, TableName table, TransactionLog transactionLog, TableSnapshot before, Decision decision, EffectivePolicy policy, List<Optional<String>> batches, BooleanSupplier stopping)
            throws SQLException
    {
        String target = "%s.%s.%s".formatted(quoted(trino.catalog()), quoted(table.schema()), quoted(table.table()));
        // a batch's commit comes after every commit read when looking for the batch before it
        long searchedUpTo = before.version();
        for (int batch = 0; batch < batches.size(); batch++) {
            if (stopping.getAsBoolean()) {
                return JobState.ABANDONED;
            }
            String batchId = "%s-%s".formatted(jobId, batch);
            String procedure = switch (decision.kind()) {
                case COMPACT -> "optimize(file_size_threshold => '%sB')".formatted(Thresholds.smallFileLimit(policy.targetFileSize()));
                case CLUSTER -> "cluster(max_overlap_depth => %s, stable_run_size => '%sB')".formatted(maxOverlapDepth, Thresholds.stableRunSize(policy.targetFileSize(), policy.stableRunFiles()));
                case REBUILD_STATS -> "rebuild_stats";
                case CHECKPOINT, VACUUM -> throw new IllegalArgumentException("not a rewrite: " + decision.kind());
            };
            String sql = "ALTER TABLE %s EXECUTE %s%s".formatted(target, procedure, batches.get(batch).map(where -> " WHERE " + where).orElse(""));
            log.info("Job %s batch %s of %s: %s", jobId, batch + 1, batches.size(), sql);
            trino.execute(sql, ImmutableMap.of("maintenance_job_id", batchId, "target_file_size", policy.targetFileSize() + "B"));
            // the log, not the statement's outcome, says what committed (a rewrite with nothing to do commits nothing)
            JobCommits.Search search = JobCommits.find(transactionLog, searchedUpTo, batchId);
            searchedUpTo = search.lastVersionRead();
            Optional<JobCommits.JobCommit> commit = search.commit();
            registry.update(jobId, job -> job.batchCommitted(
                    commit.map(found -> OptionalLong.of(found.version())).orElse(OptionalLong.empty()),
                    commit.map(JobCommits.JobCommit::removedBytes).orElse(0L),
                    0));
        }
        return JobState.SUCCEEDED;
    }

    /**
     * Checkpoints the version the job started from, just read from the log (a commit made since is left to the next
     * checkpoint).
     */
    private void checkpoint(String jobId, Location location, TransactionLog transactionLog, TableSnapshot snapshot)
    {
        TransactionCommitter committer = committer(location, transactionLog);
        committer.writeCheckpoint(snapshot);
        committer.cleanUpExpiredLog(snapshot.metadata());
        registry.update(jobId, job -> job.batchCommitted(OptionalLong.empty(), 0, 0));
    }

    private void vacuum(String jobId, Location location, TransactionLog transactionLog, TableSnapshot snapshot, EffectivePolicy policy)
    {
        TrinoFileSystem fileSystem = warehouse.fileSystem();
        VacuumPlan plan = new VacuumPlanner(fileSystem, transactionLog).plan(policy.vacuumRetention(), Instant.now());
        TransactionCommitter committer = committer(location, transactionLog);
        int checkpointInterval = snapshot.metadata().checkpointInterval(Thresholds.DEFAULT_CHECKPOINT_INTERVAL);
        CommitInfoEntry provenance = new CommitInfoEntry(System.currentTimeMillis(), "VACUUM", Map.of(CommitInfoEntry.MAINTENANCE_JOB_ID, jobId), Map.of(),
                Optional.of("lakehouse-maintenance"), Optional.empty(), Optional.of(ENGINE_INFO), Optional.empty(), Optional.empty(), Optional.empty());
        VacuumResult result = new VacuumRunner(fileSystem, transactionLog, request -> committer.commit(request, checkpointInterval))
                .run(plan, provenance, TableRetention.deletedFileRetention(snapshot.metadata()));
        registry.update(jobId, job -> job.batchCommitted(OptionalLong.of(result.endVersion()), 0, result.deletedFiles()));
    }

    /**
     * The table's latest snapshot, from an earlier one and the commits since when they are few: no listing of the
     * log and no checkpoint read again.
     */
    private static TableSnapshot latestFrom(TransactionLog transactionLog, TableSnapshot earlier)
    {
        List<LogFile> commits = transactionLog.commitsAfter(earlier.version(), TransactionLog.COMMITS_PROBED_BEFORE_LISTING);
        if (commits.isEmpty()) {
            return earlier;
        }
        if (commits.size() < TransactionLog.COMMITS_PROBED_BEFORE_LISTING) {
            try {
                return transactionLog.advance(earlier, commits, commits.getLast().version(), (_, _) -> {});
            }
            catch (TrinoException e) {
                log.debug(e, "Reading %s afresh: a commit after version %s is gone", transactionLog.tableLocation(), earlier.version());
            }
        }
        return transactionLog.loadLatestSnapshot();
    }

    private TransactionCommitter committer(Location location, TransactionLog transactionLog)
    {
        TrinoFileSystem fileSystem = warehouse.fileSystem();
        return new TransactionCommitter(fileSystem, transactionLog, FileSystemLogStore.forLocation(fileSystem, location), new ParquetCheckpointWriter());
    }

    private static JobState outcomeOf(SQLException exception)
    {
        String message = String.valueOf(exception.getMessage());
        if (message.contains("conflicts with a concurrent commit")) {
            return JobState.CONFLICT;
        }
        if (exception instanceof SQLTimeoutException || message.contains("exceeded") && message.contains("time")) {
            return JobState.TIMED_OUT;
        }
        return JobState.FAILED;
    }

    private static long totalBytes(TableSnapshot snapshot)
    {
        return snapshot.activeFiles().stream().mapToLong(AddFileEntry::size).sum();
    }
}
