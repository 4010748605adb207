package dev.lakehouse.trino.execute;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.layout.ClusteringOptions;
import dev.lakehouse.layout.ClusteringPlan;
import dev.lakehouse.layout.ClusteringPlanner;
import dev.lakehouse.layout.DataFileDescriptor;
import dev.lakehouse.layout.DataFileDescriptors;
import dev.lakehouse.stats.ValueOrdering;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.TableClustering;
import io.trino.spi.type.Type;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The files a clustering run rewrites, chosen by the layout optimizer's {@link ClusteringPlanner} from the log's
 * statistics and tags: unclustered files, and the files of the clustering runs to merge when boxes meet too many runs.
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
        ClusteringPlanner planner = new ClusteringPlanner(new ClusteringOptions(spec.columns(), spec.curve(), spec.targetFileSize(), spec.maxOverlapDepth(), spec.stableRunSize()), comparators);

        Map<String, AddFileEntry> byPath = files.stream().collect(Collectors.toMap(AddFileEntry::path, Function.identity()));
        ClusteringPlan plan = planner.plan(files.stream().map(file -> DataFileDescriptors.of(file, clusteringTypes)).toList());
        Set<String> selected = plan.groups().stream()
                .flatMap(group -> group.dataFiles().stream())
                .map(DataFileDescriptor::path)
                .collect(Collectors.toSet());
        return files.stream().filter(file -> selected.contains(file.path())).toList();
    }
}
