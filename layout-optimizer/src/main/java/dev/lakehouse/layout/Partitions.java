package dev.lakehouse.layout;

import com.google.common.collect.ImmutableList;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Map.Entry.comparingByKey;
import static java.util.Objects.requireNonNull;

/**
 * Groups the files of a snapshot by partition, in an order that depends only on the partition values, so
 * that plans come out the same whatever order the log listed the files in.
 */
final class Partitions
{
    private static final Comparator<Optional<String>> NULL_FIRST = Comparator.comparing(value -> value.orElse(null), Comparator.nullsFirst(Comparator.naturalOrder()));
    private static final Comparator<Map.Entry<String, Optional<String>>> ENTRY_ORDER = Map.Entry.<String, Optional<String>>comparingByKey()
            .thenComparing(Map.Entry::getValue, NULL_FIRST);

    private Partitions() {}

    /**
     * Files by partition; partitions ordered by their values (columns by name, the NULL value first), files
     * in the order given.
     *
     * @throws IllegalArgumentException if a path appears twice: a snapshot holds each file once, and a
     *         file planned into two groups would be rewritten twice
     */
    static Map<Map<String, Optional<String>>, List<DataFileDescriptor>> byPartition(Collection<DataFileDescriptor> files)
    {
        requireNonNull(files, "files is null");
        Set<String> paths = new HashSet<>();
        Map<Map<String, Optional<String>>, List<DataFileDescriptor>> groups = new HashMap<>();
        for (DataFileDescriptor file : files) {
            requireNonNull(file, "file is null");
            if (!paths.add(file.path())) {
                throw new IllegalArgumentException("file %s appears more than once in the input: a snapshot lists each file once".formatted(file.path()));
            }
            groups.computeIfAbsent(file.partitionValues(), _ -> new ArrayList<>()).add(file);
        }
        Map<Map<String, Optional<String>>, List<Map.Entry<String, Optional<String>>>> sortKeys = new HashMap<>();
        for (Map<String, Optional<String>> partition : groups.keySet()) {
            sortKeys.put(partition, partition.entrySet().stream().sorted(comparingByKey()).collect(ImmutableList.toImmutableList()));
        }
        List<Map<String, Optional<String>>> partitions = new ArrayList<>(groups.keySet());
        partitions.sort(Comparator.comparing(sortKeys::get, Partitions::compareEntries));
        Map<Map<String, Optional<String>>, List<DataFileDescriptor>> ordered = new LinkedHashMap<>();
        for (Map<String, Optional<String>> partition : partitions) {
            ordered.put(partition, groups.get(partition));
        }
        return ordered;
    }

    private static int compareEntries(List<Map.Entry<String, Optional<String>>> left, List<Map.Entry<String, Optional<String>>> right)
    {
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            int result = ENTRY_ORDER.compare(left.get(i), right.get(i));
            if (result != 0) {
                return result;
            }
        }
        return Integer.compare(left.size(), right.size());
    }
}
