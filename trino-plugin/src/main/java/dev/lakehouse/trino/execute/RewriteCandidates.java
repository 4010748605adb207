package dev.lakehouse.trino.execute;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.layout.ClusteringOptions;
import dev.lakehouse.layout.ClusteringPlan;
import dev.lakehouse.layout.ClusteringPlanner;
import dev.lakehouse.layout.ColumnRange;
import dev.lakehouse.layout.DataFileDescriptor;
import dev.lakehouse.stats.FileStatistics;
import dev.lakehouse.stats.StatisticsJson;
import dev.lakehouse.stats.ValueOrdering;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.TableClustering;
import io.trino.spi.type.Type;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The files a clustering run rewrites, chosen by the layout optimizer's {@link ClusteringPlanner} from the log's
 * statistics and tags: unclustered files, and clustered files that overlap too many files of other runs.
 */
public final class RewriteCandidates
{
    private RewriteCandidates() {}

    /**
     * @param columnTypes types of the table's data columns by physical name
     */
    public static List<AddFileEntry> forClustering(List<AddFileEntry> allFiles, ClusteringSpec spec, Map<String, Type> columnTypes)
    {
        // files another clustering implementation wrote are its to recluster (Delta's clustered table rules)
        List<AddFileEntry> files = allFiles.stream()
                .filter(file -> file.clusteringProvider().map(TableClustering.CLUSTERING_PROVIDER::equals).orElse(true))
                .toList();
        Map<String, Type> clusteringTypes = spec.columns().stream().collect(ImmutableMap.toImmutableMap(Function.identity(), columnTypes::get));
        Map<String, Comparator<Object>> comparators = new HashMap<>();
        clusteringTypes.forEach((column, type) -> comparators.put(column, ValueOrdering.comparator(type)));
        ClusteringPlanner planner = new ClusteringPlanner(new ClusteringOptions(spec.columns(), spec.curve(), spec.targetFileSize(), spec.maxOverlapDepth()), comparators);

        Map<String, AddFileEntry> byPath = files.stream().collect(Collectors.toMap(AddFileEntry::path, Function.identity()));
        ClusteringPlan plan = planner.plan(files.stream().map(file -> describe(file, clusteringTypes)).toList());
        Set<String> selected = plan.groups().stream()
                .flatMap(group -> group.dataFiles().stream())
                .map(DataFileDescriptor::path)
                .collect(Collectors.toSet());
        return files.stream().filter(file -> selected.contains(file.path())).toList();
    }

    public static DataFileDescriptor describe(AddFileEntry file, Map<String, Type> columnTypes)
    {
        FileStatistics statistics = StatisticsJson.parse(file.stats(), columnTypes);
        Map<String, Optional<String>> partitionValues = new HashMap<>();
        file.partitionValues().forEach((name, value) -> partitionValues.put(name, Optional.ofNullable(value)));
        Map<String, ColumnRange> ranges = new HashMap<>();
        for (String column : columnTypes.keySet()) {
            ranges.put(column, range(statistics, column));
        }
        OptionalLong rowCount = statistics.numRecords().map(OptionalLong::of).orElse(OptionalLong.empty());
        return new DataFileDescriptor(file.path(), partitionValues, file.size(), rowCount, file.tags(), ranges);
    }

    private static ColumnRange range(FileStatistics statistics, String column)
    {
        Optional<Long> nulls = statistics.nullCount(column);
        if (nulls.isPresent() && statistics.numRecords().isPresent() && nulls.get().equals(statistics.numRecords().get())) {
            return ColumnRange.allNulls();
        }
        Optional<Object> min = statistics.min(column);
        Optional<Object> max = statistics.max(column);
        if (min.isPresent() && max.isPresent()) {
            return ColumnRange.of(min.get(), max.get());
        }
        return ColumnRange.unknown();
    }
}
