package dev.lakehouse.layout;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.lakehouse.layout.CurveKind.HILBERT;
import static dev.lakehouse.layout.CurveKind.ZORDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestClusteringTags
{
    private static final List<String> COLUMNS = ImmutableList.of("region", "day");

    @Test
    void testTagsOfARunMarkTheFileClustered()
    {
        Map<String, String> tags = ClusteringTags.of(COLUMNS, HILBERT, "run-1");
        assertThat(tags).containsExactlyInAnyOrderEntriesOf(ImmutableMap.of(
                ClusteringTags.CURVE, "hilbert",
                ClusteringTags.COLUMNS, "[\"region\",\"day\"]",
                ClusteringTags.RUN, "run-1"));
        assertThat(ClusteringTags.isClustered(tags, COLUMNS, HILBERT)).isTrue();
        assertThat(ClusteringTags.isClustered(tags, COLUMNS)).isTrue();
        assertThat(ClusteringTags.runId(tags)).contains("run-1");
    }

    @Test
    void testOtherColumnsOrCurveAreNotClustered()
    {
        Map<String, String> tags = ClusteringTags.of(COLUMNS, HILBERT, "run-1");
        assertThat(ClusteringTags.isClustered(tags, COLUMNS, ZORDER)).isFalse();
        assertThat(ClusteringTags.isClustered(tags, ImmutableList.of("day", "region"), HILBERT)).isFalse();
        assertThat(ClusteringTags.isClustered(tags, ImmutableList.of("region"), HILBERT)).isFalse();
        assertThat(ClusteringTags.isClustered(tags, ImmutableList.of("region", "day", "hour"))).isFalse();
        assertThat(ClusteringTags.isClustered(ImmutableMap.of(), COLUMNS, HILBERT)).isFalse();

        // a file whose run id was lost is not trusted
        Map<String, String> withoutRun = new HashMap<>(tags);
        withoutRun.remove(ClusteringTags.RUN);
        assertThat(ClusteringTags.isClustered(withoutRun, COLUMNS, HILBERT)).isFalse();
        withoutRun.put(ClusteringTags.RUN, "");
        assertThat(ClusteringTags.isClustered(withoutRun, COLUMNS, HILBERT)).isFalse();
        assertThat(ClusteringTags.runId(withoutRun)).isEmpty();
    }

    @Test
    void testColumnNamesWithCommasAndQuotesStayApart()
    {
        assertThat(ClusteringTags.encodeColumns(ImmutableList.of("a,b"))).isEqualTo("[\"a,b\"]");
        assertThat(ClusteringTags.encodeColumns(ImmutableList.of("a", "b"))).isEqualTo("[\"a\",\"b\"]");
        assertThat(ClusteringTags.encodeColumns(ImmutableList.of("say \"hi\"", "back\\slash", "tab\tnew\nline\u0001")))
                .isEqualTo("[\"say \\\"hi\\\"\",\"back\\\\slash\",\"tab\\tnew\\nline\\u0001\"]");
        assertThat(ClusteringTags.encodeColumns(ImmutableList.of())).isEqualTo("[]");
        Map<String, String> tags = ClusteringTags.of(ImmutableList.of("a,b"), HILBERT, "run");
        assertThat(ClusteringTags.isClustered(tags, ImmutableList.of("a", "b"), HILBERT)).isFalse();
    }

    @Test
    void testRejectsEmptyRun()
    {
        assertThatThrownBy(() -> ClusteringTags.of(COLUMNS, HILBERT, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("runId is empty");
    }
}
