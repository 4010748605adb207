package dev.lakehouse.trino.merge;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import dev.lakehouse.transactionlog.deletionvectors.DeletedRows;
import dev.lakehouse.trino.changefeed.ChangeDataWriter;
import dev.lakehouse.trino.changefeed.ChangeType;
import dev.lakehouse.trino.write.DataFileFragments;
import io.airlift.slice.Slice;
import io.trino.spi.Page;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.connector.ConnectorMergeSink;
import io.trino.spi.connector.ConnectorPageSink;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.SourcePage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INTERNAL_ERROR;
import static io.trino.spi.type.TinyintType.TINYINT;
import static java.util.Objects.requireNonNull;

/**
 * The writer of a DELETE, UPDATE or MERGE: inserted rows, and the new rows of updates, go to new data files; each
 * data file that lost rows is, at the end, reported removed and either rewritten once without them, into files of its
 * own (copy on write), or,
 * when the table enables deletion vectors, added again with a deletion vector of all its deleted rows (merge on
 * read: a few bytes instead of the file). Rows of one file all reach the same sink ({@link MergeRowIdPartitioning}).
 * When the table records its change data feed, every row changed is also written with its {@code _change_type} to
 * change data files: inserted rows and the new rows of updates as they arrive, deleted rows and the old rows of
 * updates read back from their files at the end (when the file is rewritten, in the same pass).
 */
public final class LakehouseMergeSink
        implements ConnectorMergeSink
{
    private final ConnectorPageSink writer;
    private final MergedFiles files;
    private final int[] dataChannels;
    // positions of deleted rows, by data file
    private final Map<String, BitSet> deletedRows = new LinkedHashMap<>();
    // of those, the rows an update replaced, by data file
    private final Map<String, BitSet> updatedRows = new HashMap<>();
    private final boolean deletionVectors;
    private final Supplier<ConnectorPageSink> fileRewriters;
    private final Optional<ChangeDataWriter> changes;

    /**
     * @param writer where inserted rows (and the new rows of updates) go
     * @param fileRewriters a new writer for the rows a file keeps: each file is rewritten on its own, in its order,
     *         so that its layout (its sort order, its clustering run) survives and later changes touch only its rows
     * @param deletionVectors whether a file that loses rows gets a deletion vector (else it is rewritten)
     * @param changes where the changed rows go, when the table records its change data feed
     */
    public LakehouseMergeSink(ConnectorPageSink writer, Supplier<ConnectorPageSink> fileRewriters, MergedFiles files, int dataColumnCount, boolean deletionVectors, Optional<ChangeDataWriter> changes)
    {
        this.changes = requireNonNull(changes, "changes is null");
        this.fileRewriters = requireNonNull(fileRewriters, "fileRewriters is null");
        this.deletionVectors = deletionVectors;
        this.writer = requireNonNull(writer, "writer is null");
        this.files = requireNonNull(files, "files is null");
        this.dataChannels = IntStream.range(0, dataColumnCount).toArray();
    }

    @Override
    public void storeMergedRows(Page page)
    {
        // the data columns, the operation, (Trino 476: the number of the MERGE case,) and last the row id
        Block operations = page.getBlock(dataChannels.length);
        MergeRowId.Fields rowIds = MergeRowId.fields(page.getBlock(page.getChannelCount() - 1));
        int[] inserted = new int[page.getPositionCount()];
        int insertedCount = 0;
        int[] updated = new int[page.getPositionCount()];
        int updatedCount = 0;
        for (int position = 0; position < page.getPositionCount(); position++) {
            int operation = TINYINT.getByte(operations, position);
            switch (operation) {
                case INSERT_OPERATION_NUMBER -> inserted[insertedCount++] = position;
                case UPDATE_INSERT_OPERATION_NUMBER -> updated[updatedCount++] = position;
                case DELETE_OPERATION_NUMBER -> deleted(rowIds, position);
                case UPDATE_DELETE_OPERATION_NUMBER -> updatedRows.computeIfAbsent(deleted(rowIds, position), _ -> new BitSet()).set(Math.toIntExact(rowIds.rowPosition(position)));
                default -> throw new TrinoException(LAKEHOUSE_INTERNAL_ERROR, "Unexpected merge operation " + operation);
            }
        }
        Page insertedRows = page.getColumns(dataChannels).getPositions(inserted, 0, insertedCount);
        Page updatedRows = page.getColumns(dataChannels).getPositions(updated, 0, updatedCount);
        for (Page rows : List.of(insertedRows, updatedRows)) {
            if (rows.getPositionCount() > 0) {
                writer.appendPage(rows);
            }
        }
        changes.ifPresent(change -> {
            change.write(insertedRows, ChangeType.INSERT);
            change.write(updatedRows, ChangeType.UPDATE_POSTIMAGE);
        });
    }

    private String deleted(MergeRowId.Fields rowIds, int position)
    {
        String path = rowIds.filePath(position);
        deletedRows.computeIfAbsent(path, _ -> new BitSet()).set(Math.toIntExact(rowIds.rowPosition(position)));
        return path;
    }

    @Override
    public CompletableFuture<Collection<Slice>> finish()
    {
        ImmutableList.Builder<Slice> fragments = ImmutableList.builder();
        deletedRows.forEach((path, deleted) -> {
            fragments.add(DataFileFragments.removal(path));
            if (deletionVectors) {
                deleteByVector(path, deleted).ifPresent(vector -> fragments.add(DataFileFragments.deletionVector(path, vector)));
                changes.ifPresent(_ -> scan(path, (rows, positions) -> recordDeleted(path, rows, positions, deleted)));
            }
            else {
                fragments.addAll(rewriteWithout(path, deleted));
            }
        });
        fragments.addAll(writer.finish().join());
        changes.ifPresent(change -> fragments.addAll(change.finish()));
        return CompletableFuture.completedFuture(fragments.build());
    }

    /**
     * Writes the file's deletion vector with the rows deleted before and these; none when no row is left, since then
     * the file is only removed.
     */
    private Optional<DeletionVectorDescriptor> deleteByVector(String path, BitSet deleted)
    {
        DeletedRows rows = files.deletedRows(path, deleted);
        Optional<Long> physicalRows = files.physicalRows(path);
        if (physicalRows.isPresent() && deleted.length() > physicalRows.get()) {
            throw new TrinoException(LAKEHOUSE_INTERNAL_ERROR, "Data file %s has %s rows, but row %s was to be deleted; nothing was committed"
                    .formatted(path, physicalRows.get(), deleted.length() - 1));
        }
        if (physicalRows.isPresent() && rows.cardinality() == physicalRows.get()) {
            return Optional.empty();
        }
        return Optional.of(files.writeDeletionVector(rows));
    }

    /**
     * Copies the rows of the file that are not deleted to a writer of their own, in their order.
     *
     * @return the files written, which keep the tags (a clustering run's) of the file they replace: a subset of a
     *         clustered file's rows lies within its key box
     */
    private List<Slice> rewriteWithout(String path, BitSet deleted)
    {
        ConnectorPageSink rewriter = fileRewriters.get();
        long[] rowsReadAndKept = new long[2];
        try {
            scan(path, (rows, positions) -> {
                int[] kept = new int[rows.getPositionCount()];
                int keptCount = 0;
                for (int position = 0; position < rows.getPositionCount(); position++) {
                    if (!deleted.get(positions[position])) {
                        kept[keptCount++] = position;
                    }
                }
                rowsReadAndKept[0] += rows.getPositionCount();
                rowsReadAndKept[1] += keptCount;
                if (keptCount > 0) {
                    rewriter.appendPage(rows.getPositions(kept, 0, keptCount));
                }
                recordDeleted(path, rows, positions, deleted);
            });
        }
        catch (RuntimeException e) {
            rewriter.abort();
            throw e;
        }
        // every deleted position must be a row of the file: anything else means the file is not the one the scan read
        long rowsRead = rowsReadAndKept[0];
        long rowsKept = rowsReadAndKept[1];
        if (rowsRead - rowsKept != deleted.cardinality()) {
            rewriter.abort();
            throw new TrinoException(LAKEHOUSE_INTERNAL_ERROR, "Data file %s has %s rows, of which %s were to be deleted, but %s matched; nothing was committed"
                    .formatted(path, rowsRead, deleted.cardinality(), rowsRead - rowsKept));
        }
        AddFileEntry original = files.original(path);
        return DataFileFragments.parse(rewriter.finish().join()).stream()
                .map(file -> original.tags().isEmpty() ? file : file.withTags(original.tags()))
                .map(file -> original.clusteringProvider().map(file::withClusteringProvider).orElse(file))
                .map(DataFileFragments::toFragment)
                .toList();
    }

    /**
     * Writes the rows of a file page that this change deleted to the change data, as deletes or as the old rows of
     * updates; nothing when the table records no change data.
     */
    private void recordDeleted(String path, Page rows, int[] positions, BitSet deleted)
    {
        if (changes.isEmpty()) {
            return;
        }
        BitSet updated = updatedRows.getOrDefault(path, new BitSet());
        int[] deletes = new int[rows.getPositionCount()];
        int deleteCount = 0;
        int[] preimages = new int[rows.getPositionCount()];
        int preimageCount = 0;
        for (int position = 0; position < rows.getPositionCount(); position++) {
            int row = positions[position];
            if (updated.get(row)) {
                preimages[preimageCount++] = position;
            }
            else if (deleted.get(row)) {
                deletes[deleteCount++] = position;
            }
        }
        changes.get().write(rows.getPositions(deletes, 0, deleteCount), ChangeType.DELETE);
        changes.get().write(rows.getPositions(preimages, 0, preimageCount), ChangeType.UPDATE_PREIMAGE);
    }

    private interface FilePageConsumer
    {
        /**
         * @param rows the rows of a page of the file, in the table's columns
         * @param positions the position in the file of each of them
         */
        void accept(Page rows, int[] positions);
    }

    /**
     * Reads every row of a data file of the version the scan read, a page at a time.
     */
    private void scan(String path, FilePageConsumer consumer)
    {
        try (ConnectorPageSource source = files.open(path)) {
            while (!source.isFinished()) {
                SourcePage sourcePage = source.getNextSourcePage();
                if (sourcePage == null) {
                    continue;
                }
                Page page = sourcePage.getPage();
                MergeRowId.Fields rowIds = MergeRowId.fields(page.getBlock(dataChannels.length));
                int[] positions = new int[page.getPositionCount()];
                for (int position = 0; position < positions.length; position++) {
                    positions[position] = Math.toIntExact(rowIds.rowPosition(position));
                }
                consumer.accept(page.getColumns(dataChannels), positions);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void abort()
    {
        writer.abort();
        changes.ifPresent(ChangeDataWriter::abort);
    }
}
