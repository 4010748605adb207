package dev.lakehouse.maintenance.measure;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.lakehouse.layout.DataFileDescriptor;
import dev.lakehouse.layout.DataFileDescriptors;
import dev.lakehouse.stats.StatisticsCompleteness;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import io.trino.filesystem.Location;
import io.trino.spi.type.Type;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What the measurer decodes from each data file's statistics (whether they are complete, the ranges of the clustering
 * columns), kept per table from one evaluation to the next: a table that receives a commit every few seconds is
 * measured on every tick, and decoding the JSON statistics of all its files again each time was a third of the
 * service's CPU under the streaming benchmark. An {@code add} of the same path with other statistics or tags (a
 * statistics rebuild) is decoded again; files no longer in the table are forgotten.
 */
final class DecodedFiles
{
    // tables whose files are remembered; a warehouse of more tables decodes the others again, as before
    private static final int MAX_TABLES = 2_000;

    /**
     * @param clustering the file as the clustering planner sees it; empty when no clustering columns were asked for
     */
    record DecodedFile(AddFileEntry file, boolean incompleteStatistics, Optional<DataFileDescriptor> clustering) {}

    private record TableFiles(Map<String, Type> dataColumns, Map<String, Type> clusteringColumns, Map<String, DecodedFile> byPath) {}

    private final Cache<Location, TableFiles> tables = CacheBuilder.newBuilder().maximumSize(MAX_TABLES).build();

    /**
     * The decoded form of each file, in the order given.
     *
     * @param dataColumns the columns statistics must cover, by physical name
     * @param clusteringColumns the columns whose ranges the clustering planner needs, by physical name
     */
    List<DecodedFile> decode(Location table, List<AddFileEntry> files, Map<String, Type> dataColumns, Map<String, Type> clusteringColumns)
    {
        requireNonNull(table, "table is null");
        TableFiles earlier = tables.getIfPresent(table);
        Map<String, DecodedFile> known = earlier != null && earlier.dataColumns().equals(dataColumns) && earlier.clusteringColumns().equals(clusteringColumns)
                ? earlier.byPath()
                : Map.of();
        Map<String, DecodedFile> byPath = new HashMap<>();
        List<DecodedFile> decoded = files.stream()
                .map(file -> {
                    DecodedFile before = known.get(file.path());
                    DecodedFile result = before != null && (before.file() == file || before.file().equals(file))
                            ? before
                            : new DecodedFile(
                                    file,
                                    StatisticsCompleteness.isIncomplete(file.stats(), dataColumns),
                                    clusteringColumns.isEmpty() ? Optional.empty() : Optional.of(DataFileDescriptors.of(file, clusteringColumns)));
                    byPath.put(file.path(), result);
                    return result;
                })
                .toList();
        tables.put(table, new TableFiles(Map.copyOf(dataColumns), Map.copyOf(clusteringColumns), byPath));
        return decoded;
    }
}
