package dev.lakehouse.trino.merge;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeletionVectorDescriptor;
import dev.lakehouse.transactionlog.deletionvectors.DeletedRows;
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
 */
public final class LakehouseMergeSink
        implements ConnectorMergeSink
{
    private final ConnectorPageSink writer;
    private final MergedFiles files;
    private final int[] dataChannels;
    // positions of deleted rows, by data file
    private final Map<String, BitSet> deletedRows = new LinkedHashMap<>();
    private final boolean deletionVectors;
    private final Supplier<ConnectorPageSink> fileRewriters;

    /**
     * @param writer where inserted rows (and the new rows of updates) go
     * @param fileRewriters a new writer for the rows a file keeps: each file is rewritten on its own, in its order,
     *         so that its layout (its sort order, its clustering run) survives and later changes touch only its rows
     * @param deletionVectors whether a file that loses rows gets a deletion vector (else it is rewritten)
     */
    public LakehouseMergeSink(ConnectorPageSink writer, Supplier<ConnectorPageSink> fileRewriters, MergedFiles files, int dataColumnCount, boolean deletionVectors)
    {
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
        for (int position = 0; position < page.getPositionCount(); position++) {
            int operation = TINYINT.getByte(operations, position);
            switch (operation) {
                case INSERT_OPERATION_NUMBER, UPDATE_INSERT_OPERATION_NUMBER -> inserted[insertedCount++] = position;
                case DELETE_OPERATION_NUMBER, UPDATE_DELETE_OPERATION_NUMBER -> {
                    deletedRows.computeIfAbsent(rowIds.filePath(position), _ -> new BitSet()).set(Math.toIntExact(rowIds.rowPosition(position)));
                }
                default -> throw new TrinoException(LAKEHOUSE_INTERNAL_ERROR, "Unexpected merge operation " + operation);
            }
        }
        if (insertedCount > 0) {
            writer.appendPage(page.getColumns(dataChannels).getPositions(inserted, 0, insertedCount));
        }
    }

    @Override
    public CompletableFuture<Collection<Slice>> finish()
    {
        ImmutableList.Builder<Slice> fragments = ImmutableList.builder();
        deletedRows.forEach((path, deleted) -> {
            fragments.add(DataFileFragments.removal(path));
            if (deletionVectors) {
                deleteByVector(path, deleted).ifPresent(vector -> fragments.add(DataFileFragments.deletionVector(path, vector)));
            }
            else {
                fragments.addAll(rewriteWithout(path, deleted));
            }
        });
        fragments.addAll(writer.finish().join());
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
        long rowsRead = 0;
        long rowsKept = 0;
        try (ConnectorPageSource source = files.open(path)) {
            while (!source.isFinished()) {
                SourcePage sourcePage = source.getNextSourcePage();
                if (sourcePage == null) {
                    continue;
                }
                Page page = sourcePage.getPage();
                MergeRowId.Fields rowIds = MergeRowId.fields(page.getBlock(dataChannels.length));
                int[] kept = new int[page.getPositionCount()];
                int keptCount = 0;
                for (int position = 0; position < page.getPositionCount(); position++) {
                    if (!deleted.get(Math.toIntExact(rowIds.rowPosition(position)))) {
                        kept[keptCount++] = position;
                    }
                }
                rowsRead += page.getPositionCount();
                rowsKept += keptCount;
                if (keptCount > 0) {
                    rewriter.appendPage(page.getColumns(dataChannels).getPositions(kept, 0, keptCount));
                }
            }
        }
        catch (IOException e) {
            rewriter.abort();
            throw new UncheckedIOException(e);
        }
        catch (RuntimeException e) {
            rewriter.abort();
            throw e;
        }
        // every deleted position must be a row of the file: anything else means the file is not the one the scan read
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

    @Override
    public void abort()
    {
        writer.abort();
    }
}
