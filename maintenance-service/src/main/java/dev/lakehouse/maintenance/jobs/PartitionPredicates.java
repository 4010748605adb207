package dev.lakehouse.maintenance.jobs;

import dev.lakehouse.stats.PrimitiveTypes;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.schema.StructField;
import io.trino.spi.type.Type;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.lakehouse.maintenance.jobs.TrinoClient.quoted;

/**
 * The {@code WHERE} clause choosing one partition, for a rewrite batch: {@code "a" = CAST('v' AS type) AND "b" IS NULL}.
 */
final class PartitionPredicates
{
    private PartitionPredicates() {}

    static Optional<String> of(Map<String, Optional<String>> partitionValues, TableSnapshot snapshot)
    {
        if (partitionValues.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(partitionValues.entrySet().stream()
                .map(entry -> {
                    StructField column = column(snapshot, entry.getKey());
                    return entry.getValue()
                            .map(value -> "%s = CAST('%s' AS %s)".formatted(quoted(column.name()), value.replace("'", "''"), type(snapshot, column).getDisplayName()))
                            .orElseGet(() -> quoted(column.name()) + " IS NULL");
                })
                .collect(Collectors.joining(" AND ")));
    }

    /**
     * The partition column that {@code partitionValues} names by its physical name (its own name without column
     * mapping): the SQL names it by its logical one.
     */
    private static StructField column(TableSnapshot snapshot, String physicalName)
    {
        return snapshot.schema().fields().stream()
                .filter(field -> field.physicalName().equals(physicalName))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Table %s has partition values for %s, which is not one of its columns".formatted(snapshot.tableLocation(), physicalName)));
    }

    private static Type type(TableSnapshot snapshot, StructField column)
    {
        return PrimitiveTypes.toTrinoType(column.type())
                .orElseThrow(() -> new IllegalStateException("Partition column %s of %s has no primitive type".formatted(column.name(), snapshot.tableLocation())));
    }
}
