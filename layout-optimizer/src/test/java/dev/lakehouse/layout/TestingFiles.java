package dev.lakehouse.layout;

import com.google.common.collect.ImmutableMap;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Builders of {@link DataFileDescriptor}s for the planner and metrics tests. */
final class TestingFiles
{
    static final Comparator<Object> LONG_ORDER = Comparator.comparing(Long.class::cast);
    static final Map<String, Optional<String>> UNPARTITIONED = ImmutableMap.of();

    private TestingFiles() {}

    static Map<String, Optional<String>> partition(String column, String value)
    {
        return ImmutableMap.of(column, Optional.ofNullable(value));
    }

    static DataFileDescriptor file(String path, long size)
    {
        return file(path, UNPARTITIONED, size);
    }

    static DataFileDescriptor file(String path, Map<String, Optional<String>> partition, long size)
    {
        return new DataFileDescriptor(path, partition, size, OptionalLong.empty(), ImmutableMap.of(), ImmutableMap.of());
    }

    static DataFileDescriptor file(String path, Map<String, Optional<String>> partition, long size, Map<String, String> tags, Map<String, ColumnRange> ranges)
    {
        return new DataFileDescriptor(path, partition, size, OptionalLong.of(size / 10), tags, ranges);
    }

    static Map<String, String> clusteredTags(List<String> columns, CurveKind curve, String run)
    {
        return ClusteringTags.of(columns, curve, run);
    }

    static ColumnRange range(long min, long max)
    {
        return ColumnRange.of(min, max);
    }
}
