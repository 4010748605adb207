package dev.lakehouse.maintenance.measure;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.lakehouse.layout.ClusteringOptions;
import dev.lakehouse.layout.ClusteringPlan;
import dev.lakehouse.layout.ClusteringPlanner;
import dev.lakehouse.layout.ClusteringTags;
import dev.lakehouse.layout.CurveKind;
import dev.lakehouse.layout.DataFileDescriptor;
import dev.lakehouse.layout.LayoutMetrics;
import dev.lakehouse.maintenance.MaintenanceConfig;
import dev.lakehouse.maintenance.policy.EffectivePolicy;
import dev.lakehouse.stats.PrimitiveTypes;
import dev.lakehouse.stats.ValueOrdering;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.schema.StructField;
import io.trino.spi.type.Type;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Measures a snapshot against a policy: small files per partition, files without complete statistics, and for a
 * clustered table what the layout optimizer's {@link ClusteringPlanner} would rewrite (the same planner the
 * connector's {@code cluster} procedure runs, so the service asks for exactly the work it measured).
 */
public final class HealthMeasurer
{
    private final int maxOverlapDepth;
    private final DecodedFiles decodedFiles = new DecodedFiles();

    @Inject
    public HealthMeasurer(MaintenanceConfig config)
    {
        this.maxOverlapDepth = config.getClusteringMaxOverlapDepth();
    }

    public TableHealth measure(TableSnapshot snapshot, EffectivePolicy policy)
    {
        requireNonNull(snapshot, "snapshot is null");
        long target = policy.targetFileSize();
        long smallLimit = Thresholds.smallFileLimit(target);
        List<AddFileEntry> files = snapshot.activeFiles();
        Map<String, Type> dataColumns = dataColumnTypes(snapshot);

        // the clustering planner's pairs of overlapping files grow with the square of the files: it is not run for a
        // table the service will not cluster (one that opted out of maintenance gets written to without a bound)
        boolean clusters = policy.enabled() && policy.clustering();
        List<String> clusteringColumns = clusters ? snapshot.clusteringColumns().stream().filter(dataColumns::containsKey).toList() : List.of();
        Map<String, Type> clusteringTypes = clusteringColumns.stream().collect(ImmutableMap.toImmutableMap(column -> column, dataColumns::get));
        List<DecodedFiles.DecodedFile> decoded = decodedFiles.decode(snapshot.tableLocation(), files, dataColumns, clusteringTypes);

        Map<Map<String, Optional<String>>, List<AddFileEntry>> smallByPartition = new LinkedHashMap<>();
        int fragments = 0;
        int withoutStatistics = 0;
        for (DecodedFiles.DecodedFile decodedFile : decoded) {
            AddFileEntry file = decodedFile.file();
            if (file.size() < smallLimit) {
                smallByPartition.computeIfAbsent(partitionValues(file), _ -> new ArrayList<>()).add(file);
            }
            if (file.size() < target / Thresholds.FRAGMENT_DIVISOR) {
                fragments++;
            }
            if (decodedFile.incompleteStatistics()) {
                withoutStatistics++;
            }
        }
        List<PartitionGroup> groups = smallByPartition.entrySet().stream()
                .filter(partition -> partition.getValue().size() >= 2)
                .map(Map.Entry::getValue)
                .map(partition -> new PartitionGroup(
                        partitionValues(partition.getFirst()),
                        partition.size(),
                        partition.stream().mapToLong(AddFileEntry::size).sum(),
                        Instant.ofEpochMilli(partition.stream().mapToLong(AddFileEntry::modificationTime).min().orElseThrow())))
                .collect(ImmutableList.toImmutableList());
        int smallFiles = smallByPartition.values().stream().mapToInt(List::size).sum();

        if (clusteringColumns.isEmpty()) {
            return new TableHealth(snapshot.version(), files.size(), totalBytes(files), target, smallFiles, fragments, groups, withoutStatistics,
                    List.of(), 0, 0, 0, 0, Optional.empty(), OptionalDouble.empty());
        }
        Map<String, Comparator<Object>> comparators = new HashMap<>();
        clusteringTypes.forEach((column, type) -> comparators.put(column, ValueOrdering.comparator(type)));
        // files another clustering implementation wrote are its to recluster (Delta's clustered table rules)
        List<DecodedFiles.DecodedFile> oursDecoded = decoded.stream()
                .filter(file -> file.file().clusteringProvider().map(ClusteringTags.PROVIDER::equals).orElse(true))
                .toList();
        List<AddFileEntry> ours = oursDecoded.stream().map(DecodedFiles.DecodedFile::file).toList();
        List<DataFileDescriptor> descriptors = oursDecoded.stream().map(file -> file.clustering().orElseThrow()).toList();
        ClusteringPlan plan = new ClusteringPlanner(new ClusteringOptions(clusteringColumns, CurveKind.HILBERT, target, maxOverlapDepth, Thresholds.stableRunSize(target, policy.stableRunFiles())), comparators).plan(descriptors);
        Set<String> candidates = plan.groups().stream()
                .flatMap(group -> group.dataFiles().stream())
                .map(DataFileDescriptor::path)
                .collect(Collectors.toSet());
        Set<String> unclustered = plan.groups().stream()
                .flatMap(group -> group.files().stream())
                .filter(selected -> selected.reason() == ClusteringPlan.SelectionReason.UNCLUSTERED)
                .map(selected -> selected.file().path())
                .collect(Collectors.toSet());
        List<AddFileEntry> candidateFiles = ours.stream().filter(file -> candidates.contains(file.path())).toList();
        List<AddFileEntry> unclusteredFiles = candidateFiles.stream().filter(file -> unclustered.contains(file.path())).toList();
        OptionalDouble depth = LayoutMetrics.compute(descriptors, clusteringColumns, comparators, smallLimit).columns().stream()
                .map(LayoutMetrics.ColumnMetrics::averageDepth)
                .filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble)
                .max();
        return new TableHealth(snapshot.version(), files.size(), totalBytes(files), target, smallFiles, fragments, groups, withoutStatistics,
                clusteringColumns,
                candidateFiles.size(),
                totalBytes(candidateFiles),
                unclusteredFiles.size(),
                totalBytes(unclusteredFiles),
                unclusteredFiles.stream().mapToLong(AddFileEntry::modificationTime).min().stream().mapToObj(Instant::ofEpochMilli).findFirst(),
                depth);
    }

    /**
     * The data columns statistics cover, by physical name: primitive and decimal columns that are not partition columns.
     */
    private static Map<String, Type> dataColumnTypes(TableSnapshot snapshot)
    {
        Map<String, Type> types = new LinkedHashMap<>();
        for (StructField field : snapshot.schema().fields()) {
            if (snapshot.metadata().partitionColumns().contains(field.name())) {
                continue;
            }
            PrimitiveTypes.toTrinoType(field.type()).ifPresent(type -> types.put(field.physicalName(), type));
        }
        return types;
    }

    private static Map<String, Optional<String>> partitionValues(AddFileEntry file)
    {
        Map<String, Optional<String>> values = new TreeMap<>();
        file.partitionValues().forEach((name, value) -> values.put(name, Optional.ofNullable(value)));
        return values;
    }

    private static long totalBytes(List<AddFileEntry> files)
    {
        return files.stream().mapToLong(AddFileEntry::size).sum();
    }
}
