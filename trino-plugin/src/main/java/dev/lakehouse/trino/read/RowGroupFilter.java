package dev.lakehouse.trino.read;

import com.google.common.collect.ImmutableList;
import io.trino.parquet.BloomFilterStore;
import io.trino.parquet.ParquetDataSource;
import io.trino.parquet.ParquetReaderOptions;
import io.trino.parquet.metadata.BlockMetadata;
import io.trino.parquet.metadata.ColumnChunkMetadata;
import io.trino.parquet.metadata.PrunedBlockMetadata;
import io.trino.parquet.predicate.TupleDomainParquetPredicate;
import io.trino.parquet.reader.RowGroupInfo;
import io.trino.spi.predicate.TupleDomain;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexStore;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.parquet.BloomFilterStore.getBloomFilterStore;
import static io.trino.parquet.metadata.PrunedBlockMetadata.createPrunedColumnsMetadata;
import static io.trino.parquet.predicate.PredicateUtils.buildPredicate;
import static io.trino.parquet.predicate.PredicateUtils.predicateMatches;
import static io.trino.parquet.reader.TrinoColumnIndexStore.getColumnIndexStore;
import static java.util.Objects.requireNonNull;
import static org.joda.time.DateTimeZone.UTC;

/**
 * Chooses the row groups of a split that can hold rows matching a predicate: by the row group's statistics, then its
 * column indexes and Bloom filters, then its dictionaries, as Trino's Parquet library does, except that dictionaries
 * are read only for columns compared with single values ({@code =}, {@code IN}, and dynamic filters given as value
 * lists). A dictionary rules a row group out when none of its values matches; for a range over a column of many values
 * (keys, dates, amounts: what a clustered table is queried by) the statistics already say the row group reaches into
 * the range, its values are dense, and the lookup never succeeds, while it costs a read, a decompression and a sorted
 * set of every value of the dictionary, per row group and query. Profiles of the box query over a clustered table put
 * a third of the scan's CPU there.
 */
final class RowGroupFilter
{
    private static final int DOMAIN_COMPACTION_THRESHOLD = 1000;

    private final Map<List<String>, ColumnDescriptor> descriptorsByPath;
    private final TupleDomain<ColumnDescriptor> predicate;
    private final TupleDomainParquetPredicate statisticsPredicate;
    private final TupleDomain<ColumnDescriptor> valuesPredicate;
    private final TupleDomainParquetPredicate dictionaryPredicate;

    RowGroupFilter(MessageType requestedSchema, Map<List<String>, ColumnDescriptor> descriptorsByPath, TupleDomain<ColumnDescriptor> predicate)
    {
        this.descriptorsByPath = requireNonNull(descriptorsByPath, "descriptorsByPath is null");
        this.predicate = requireNonNull(predicate, "predicate is null");
        requireNonNull(requestedSchema, "requestedSchema is null");
        this.statisticsPredicate = buildPredicate(requestedSchema, predicate, descriptorsByPath, UTC);
        this.valuesPredicate = predicate.filter((_, domain) -> domain.getValues().isDiscreteSet());
        this.dictionaryPredicate = buildPredicate(requestedSchema, valuesPredicate, descriptorsByPath, UTC);
    }

    /**
     * The predicate over the whole requested schema, for the reader's own page-level filtering.
     */
    TupleDomainParquetPredicate statisticsPredicate()
    {
        return statisticsPredicate;
    }

    /**
     * The row groups of the file that start within {@code [start, start + length)} and may hold matching rows.
     */
    List<RowGroupInfo> rowGroups(ParquetDataSource dataSource, List<BlockMetadata> fileRowGroups, long start, long length, ParquetReaderOptions options)
            throws IOException
    {
        ImmutableList.Builder<RowGroupInfo> rowGroups = ImmutableList.builder();
        for (BlockMetadata block : fileRowGroups) {
            long blockStart = block.getStartingPos();
            if (blockStart < start || blockStart >= start + length) {
                continue;
            }
            Optional<ColumnIndexStore> columnIndex = getColumnIndexStore(dataSource, block, descriptorsByPath, predicate, options);
            PrunedBlockMetadata columns = createPrunedColumnsMetadata(block, dataSource.getId(), descriptorsByPath);
            if (mayMatch(dataSource, block, columns, columnIndex, options)) {
                rowGroups.add(new RowGroupInfo(columns, block.fileRowCountOffset(), columnIndex));
            }
        }
        return rowGroups.build();
    }

    private boolean mayMatch(ParquetDataSource dataSource, BlockMetadata block, PrunedBlockMetadata columns, Optional<ColumnIndexStore> columnIndex, ParquetReaderOptions options)
            throws IOException
    {
        if (columns.getRowCount() == 0) {
            return false;
        }
        Map<ColumnDescriptor, Statistics<?>> statistics = new HashMap<>();
        Map<ColumnDescriptor, Long> valueCounts = new HashMap<>();
        for (ColumnDescriptor column : descriptorsByPath.values()) {
            ColumnChunkMetadata chunk = columns.getColumnChunkMetaData(column);
            if (chunk.getStatistics() != null) {
                statistics.put(column, chunk.getStatistics());
            }
            valueCounts.put(column, chunk.getValueCount());
        }
        // the columns whose statistics overlap the predicate without lying inside it: only these can a finer look rule out
        Optional<List<ColumnDescriptor>> undecided = statisticsPredicate.getIndexLookupCandidates(valueCounts, statistics, dataSource.getId());
        if (undecided.isEmpty()) {
            return false;
        }
        if (undecided.get().isEmpty()) {
            return true;
        }
        TupleDomainParquetPredicate lookups = new TupleDomainParquetPredicate(predicate, undecided.get(), UTC);
        if (columnIndex.isPresent() && !lookups.matches(valueCounts, columnIndex.get(), dataSource.getId())) {
            return false;
        }
        Optional<BloomFilterStore> bloomFilters = getBloomFilterStore(dataSource, block, predicate, options);
        if (bloomFilters.isPresent() && !lookups.matches(bloomFilters.get(), DOMAIN_COMPACTION_THRESHOLD)) {
            return false;
        }
        // the library's own check, over the value-list columns alone: their statistics again (cheap) and dictionaries
        return valuesPredicate.isAll() || predicateMatches(dictionaryPredicate, columns, dataSource, descriptorsByPath, valuesPredicate, Optional.empty(), Optional.empty(), UTC, DOMAIN_COMPACTION_THRESHOLD);
    }
}
