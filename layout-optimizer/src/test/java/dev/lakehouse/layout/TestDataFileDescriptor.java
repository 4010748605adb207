package dev.lakehouse.layout;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static dev.lakehouse.layout.TestingFiles.LONG_ORDER;
import static dev.lakehouse.layout.TestingFiles.UNPARTITIONED;
import static dev.lakehouse.layout.TestingFiles.file;
import static dev.lakehouse.layout.TestingFiles.partition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestDataFileDescriptor
{
    @Test
    void testMissingColumnIsUnknown()
    {
        DataFileDescriptor file = new DataFileDescriptor("a.parquet", partition("day", null), 10, OptionalLong.of(3), ImmutableMap.of(),
                ImmutableMap.of("x", ColumnRange.of(1L, 2L), "y", ColumnRange.allNulls()));
        assertThat(file.partitionValues()).containsEntry("day", Optional.empty());
        assertThat(file.range("x")).isEqualTo(ColumnRange.of(1L, 2L));
        assertThat(file.range("y")).isInstanceOf(ColumnRange.AllNulls.class);
        assertThat(file.range("z")).isInstanceOf(ColumnRange.Unknown.class);
    }

    @Test
    void testValidation()
    {
        assertThatThrownBy(() -> file("", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("path is empty");
        assertThatThrownBy(() -> file("a.parquet", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sizeInBytes of a.parquet is negative: -1");
        assertThatThrownBy(() -> new DataFileDescriptor("a.parquet", UNPARTITIONED, 1, OptionalLong.of(-2), ImmutableMap.of(), ImmutableMap.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rowCount of a.parquet is negative: OptionalLong[-2]");
        assertThatThrownBy(() -> ColumnRange.of(1L, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("max is null");
    }

    @Test
    void testPartitionsAreGroupedInValueOrderWithNullFirst()
    {
        DataFileDescriptor b = file("1", partition("day", "b"), 1);
        DataFileDescriptor nullDay = file("2", partition("day", null), 1);
        DataFileDescriptor a = file("3", partition("day", "a"), 1);
        DataFileDescriptor a2 = file("4", partition("day", "a"), 1);
        assertThat(Partitions.byPartition(ImmutableList.of(b, nullDay, a, a2)))
                .containsExactly(
                        Map.entry(partition("day", null), ImmutableList.of(nullDay)),
                        Map.entry(partition("day", "a"), ImmutableList.of(a, a2)),
                        Map.entry(partition("day", "b"), ImmutableList.of(b)));
        assertThatThrownBy(() -> Partitions.byPartition(ImmutableList.of(a, file("3", 5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file 3 appears more than once");
    }

    @Test
    void testExtendedOrderPutsNullsFirstAndUnknownEverywhere()
    {
        ExtendedOrder order = new ExtendedOrder(LONG_ORDER);
        ExtendedOrder.Interval low = order.interval(ColumnRange.of(1L, 5L));
        ExtendedOrder.Interval touching = order.interval(ColumnRange.of(5L, 9L));
        ExtendedOrder.Interval high = order.interval(ColumnRange.of(6L, 9L));
        ExtendedOrder.Interval nulls = order.interval(ColumnRange.allNulls());
        ExtendedOrder.Interval unknown = order.interval(ColumnRange.unknown());
        ExtendedOrder.Interval inverted = order.interval(ColumnRange.of(9L, 1L));
        assertThat(order.intersect(low, touching)).isTrue();
        assertThat(order.intersect(low, high)).isFalse();
        assertThat(order.intersect(low, nulls)).isFalse();
        assertThat(order.intersect(nulls, order.interval(ColumnRange.allNulls()))).isTrue();
        assertThat(order.intersect(unknown, nulls)).isTrue();
        assertThat(order.intersect(unknown, high)).isTrue();
        assertThat(inverted).isEqualTo(unknown);
        assertThat(order.compare(ExtendedOrder.NULL, Long.MIN_VALUE)).isNegative();
    }
}
