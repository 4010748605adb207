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
 *
 * <p>Files larger than the split size are read by several splits; files smaller than it may share one
 * ({@link SmallFilesSplit}), packed in the order they come while their sizes, each counted as at least
 * {@link #FILE_OPEN_COST}, stay within the packing size: the split size, or less when the files that can match are
 * few, so that they still make {@link #PARALLEL_SPLITS} splits to read in parallel. That cost is what opening a file
 * is taken to be worth in bytes, Spark's {@code spark.sql.files.openCostInBytes} (4 MB), and Spark likewise lowers its
 * packing size to spread little data over its cores. With the default 64 MB split size a split reads at most 16
 * small files: 2,000 files of a few kB are 125 splits; 12 files are 4 splits of 3. Rewrites ({@code optimize},
 * {@code cluster}) keep one split per file.
 */
final class LakehouseSplitSource
        implements ConnectorSplitSource
{
    private static final long FILE_OPEN_COST = 4L << 20;
    // the splits that a scan of few small files is still spread over: the drivers a small worker runs at once
    private static final int PARALLEL_SPLITS = 4;

    private final List<AddFileEntry> files;
    private final LakehouseTableHandle table;
    private final DynamicFilter dynamicFilter;
    private final boolean pruningEnabled;
    private final long maxSplitSize;
    private final long dynamicFilterDeadlineNanos;
    private final boolean recordScannedFiles;
    private final List<Object> scannedFiles = new ArrayList<>();
    private final PartitionNames partitionNames;
    private final boolean combineSmallFiles;
    // small files read by the next split, and their sizes counted as at least FILE_OPEN_COST each
    private final List<LakehouseSplit> smallFiles = new ArrayList<>();
    private long smallFilesWeight;
    private long packingSize;

    private Iterator<AddFileEntry> remainingFiles;
    private AddFileEntry currentFile;
    private long currentOffset;
    private Boolean dynamicFilterCanPruneFiles;

    LakehouseSplitSource(List<AddFileEntry> files, LakehouseTableHandle table, PartitionNames partitionNames, DynamicFilter dynamicFilter, boolean pruningEnabled, long maxSplitSize, boolean combineSmallFiles, Duration dynamicFilterWaitTimeout)
    {
        this.partitionNames = requireNonNull(partitionNames, "partitionNames is null");
        this.files = ImmutableList.copyOf(files);
        this.table = requireNonNull(table, "table is null");
        this.dynamicFilter = requireNonNull(dynamicFilter, "dynamicFilter is null");
        this.pruningEnabled = pruningEnabled;
        this.maxSplitSize = maxSplitSize;
        this.dynamicFilterDeadlineNanos = System.nanoTime() + dynamicFilterWaitTimeout.roundTo(java.util.concurrent.TimeUnit.NANOSECONDS);
        this.recordScannedFiles = table.rewritesFiles();
        this.combineSmallFiles = combineSmallFiles && !table.rewritesFiles();
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
            FilePruner pruner = new FilePruner(pruningEnabled ? predicate : predicate.filter((column, _) -> column.partitionKey()));
            List<AddFileEntry> matching = files.stream().filter(pruner::mayMatch).toList();
            remainingFiles = matching.iterator();
            packingSize = packingSize(matching);
        }

        ImmutableList.Builder<ConnectorSplit> splits = ImmutableList.builder();
        int count = 0;
        while (count < maxSize) {
            if (currentFile == null) {
                if (!remainingFiles.hasNext()) {
                    if (!smallFiles.isEmpty()) {
                        splits.add(takeSmallFiles());
                        count++;
                    }
                    break;
                }
                AddFileEntry file = remainingFiles.next();
                if (recordScannedFiles) {
                    scannedFiles.add(file.path());
                }
                if (isSmall(file)) {
                    long weight = weight(file);
                    if (!smallFiles.isEmpty() && smallFilesWeight + weight > packingSize) {
                        splits.add(takeSmallFiles());
                        count++;
                    }
                    smallFiles.add(LakehouseSplit.of(file, 0, file.size(), partitionNames.name(file)));
                    smallFilesWeight += weight;
                    continue;
                }
                currentFile = file;
                currentOffset = 0;
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

    private boolean isSmall(AddFileEntry file)
    {
        return combineSmallFiles && file.size() < maxSplitSize;
    }

    private static long weight(AddFileEntry file)
    {
        return Math.max(file.size(), FILE_OPEN_COST);
    }

    /**
     * How much (by {@link #weight}) the small files of one split may add up to: the split size, or less when the small
     * files that can match would otherwise make fewer than {@link #PARALLEL_SPLITS} splits.
     */
    private long packingSize(List<AddFileEntry> matching)
    {
        long total = matching.stream().filter(this::isSmall).mapToLong(LakehouseSplitSource::weight).sum();
        return Math.min(maxSplitSize, Math.max(FILE_OPEN_COST, total / PARALLEL_SPLITS));
    }

    /**
     * The split of the small files collected so far: a plain split when there is only one.
     */
    private ConnectorSplit takeSmallFiles()
    {
        ConnectorSplit split = smallFiles.size() == 1 ? smallFiles.getFirst() : new SmallFilesSplit(smallFiles);
        smallFiles.clear();
        smallFilesWeight = 0;
        return split;
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
        return remainingFiles != null && currentFile == null && !remainingFiles.hasNext() && smallFiles.isEmpty();
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
