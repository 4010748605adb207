package dev.lakehouse.trino;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.read.PartitionNames;
import io.airlift.units.Duration;
import io.trino.spi.connector.ConnectorSplit;
import io.trino.spi.connector.ConnectorSplitSource;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.predicate.TupleDomain;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * Enumerates the splits of a snapshot's data files, skipping files that the pushed-down predicate and the
 * dynamic filters rule out. Enumeration first waits (bounded) for dynamic filters on columns whose partition values
 * or statistics tell files apart, so a selective join prunes files before any split is scheduled, and a join that
 * could not prune anything is not delayed.
 */
final class LakehouseSplitSource
        implements ConnectorSplitSource
{
    private final List<AddFileEntry> files;
    private final LakehouseTableHandle table;
    private final DynamicFilter dynamicFilter;
    private final boolean pruningEnabled;
    private final long maxSplitSize;
    private final long dynamicFilterDeadlineNanos;
    private final boolean recordScannedFiles;
    private final List<Object> scannedFiles = new ArrayList<>();
    private final PartitionNames partitionNames;

    private Iterator<AddFileEntry> remainingFiles;
    private FilePruner pruner;
    private AddFileEntry currentFile;
    private long currentOffset;
    private Boolean dynamicFilterCanPruneFiles;

    LakehouseSplitSource(List<AddFileEntry> files, LakehouseTableHandle table, PartitionNames partitionNames, DynamicFilter dynamicFilter, boolean pruningEnabled, long maxSplitSize, Duration dynamicFilterWaitTimeout)
    {
        this.partitionNames = requireNonNull(partitionNames, "partitionNames is null");
        this.files = ImmutableList.copyOf(files);
        this.table = requireNonNull(table, "table is null");
        this.dynamicFilter = requireNonNull(dynamicFilter, "dynamicFilter is null");
        this.pruningEnabled = pruningEnabled;
        this.maxSplitSize = maxSplitSize;
        this.dynamicFilterDeadlineNanos = System.nanoTime() + dynamicFilterWaitTimeout.roundTo(java.util.concurrent.TimeUnit.NANOSECONDS);
        this.recordScannedFiles = table.rewritesFiles();
    }

    @Override
    public CompletableFuture<ConnectorSplitBatch> getNextBatch(int maxSize)
    {
        if (remainingFiles == null) {
            long remainingWait = dynamicFilterDeadlineNanos - System.nanoTime();
            if (remainingWait > 0 && dynamicFilter.isAwaitable() && dynamicFilterCanPruneFiles()) {
                return dynamicFilter.isBlocked()
                        .thenApply(_ -> new ConnectorSplitBatch(ImmutableList.of(), false))
                        .completeOnTimeout(new ConnectorSplitBatch(ImmutableList.of(), false), remainingWait / 1_000_000 + 1, MILLISECONDS);
            }
            TupleDomain<LakehouseColumnHandle> predicate = table.partitionConstraint()
                    .intersect(table.dataConstraint())
                    .intersect(dynamicFilter.getCurrentPredicate().transformKeys(LakehouseColumnHandle.class::cast));
            pruner = new FilePruner(pruningEnabled ? predicate : predicate.filter((column, _) -> column.partitionKey()));
            remainingFiles = files.iterator();
        }

        ImmutableList.Builder<ConnectorSplit> splits = ImmutableList.builder();
        int count = 0;
        while (count < maxSize) {
            if (currentFile == null) {
                if (!remainingFiles.hasNext()) {
                    break;
                }
                AddFileEntry file = remainingFiles.next();
                if (!pruner.mayMatch(file)) {
                    continue;
                }
                currentFile = file;
                currentOffset = 0;
                if (recordScannedFiles) {
                    scannedFiles.add(file.path());
                }
            }
            long length = Math.min(maxSplitSize, currentFile.size() - currentOffset);
            splits.add(LakehouseSplit.of(currentFile, currentOffset, length, partitionNames.name(currentFile)));
            count++;
            currentOffset += length;
            if (currentOffset >= currentFile.size()) {
                currentFile = null;
            }
        }
        return CompletableFuture.completedFuture(new ConnectorSplitBatch(splits.build(), isFinished()));
    }

    private boolean dynamicFilterCanPruneFiles()
    {
        if (dynamicFilterCanPruneFiles == null) {
            dynamicFilterCanPruneFiles = dynamicFilter.getColumnsCovered().stream()
                    .map(LakehouseColumnHandle.class::cast)
                    .filter(column -> pruningEnabled || column.partitionKey())
                    .anyMatch(column -> FilePruner.separatesFiles(files, column));
        }
        return dynamicFilterCanPruneFiles;
    }

    @Override
    public boolean isFinished()
    {
        return remainingFiles != null && currentFile == null && !remainingFiles.hasNext();
    }

    /**
     * For {@code optimize} and {@code cluster}: the paths of the files whose rows were read, which their commit removes.
     */
    @Override
    public Optional<List<Object>> getTableExecuteSplitsInfo()
    {
        return recordScannedFiles ? Optional.of(ImmutableList.copyOf(scannedFiles)) : Optional.empty();
    }

    @Override
    public void close() {}
}
