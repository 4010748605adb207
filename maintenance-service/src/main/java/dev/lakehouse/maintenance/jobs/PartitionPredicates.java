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
                .map(entry -> entry.getValue()
                        .map(value -> "%s = CAST('%s' AS %s)".formatted(quoted(entry.getKey()), value.replace("'", "''"), type(snapshot, entry.getKey()).getDisplayName()))
                        .orElseGet(() -> quoted(entry.getKey()) + " IS NULL"))
                .collect(Collectors.joining(" AND ")));
    }

    private static Type type(TableSnapshot snapshot, String column)
    {
        return snapshot.schema().fields().stream()
                .filter(field -> field.name().equals(column))
                .map(StructField::type)
                .findFirst()
                .flatMap(PrimitiveTypes::toTrinoType)
                .orElseThrow(() -> new IllegalStateException("Partition column %s of %s has no primitive type".formatted(column, snapshot.tableLocation())));
    }
}
