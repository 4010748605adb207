package dev.lakehouse.trino;

import dev.lakehouse.layout.ClusteringTags;
import dev.lakehouse.layout.ClusteringOptions;
import dev.lakehouse.layout.CurveKind;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.execute.ClusteringSpec;
import dev.lakehouse.trino.execute.RewriteCandidates;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which files a clustering run rewrites, from the log's statistics, tags and clustering providers.
 */
final class TestRewriteCandidates
{
    private static final ClusteringSpec SPEC = new ClusteringSpec(List.of("x"), CurveKind.HILBERT, 1000, 0, ClusteringOptions.NO_STABLE_RUNS);

    @Test
    void testUnclusteredFilesAreSelectedAndOtherProvidersLeftAlone()
    {
        AddFileEntry unclustered = file("unclustered", 0, 100, Map.of());
        AddFileEntry ours = file("ours", 200, 300, ClusteringTags.of(List.of("x"), CurveKind.HILBERT, "run-1")).withClusteringProvider(TableClustering.CLUSTERING_PROVIDER);
        AddFileEntry theirs = file("theirs", 0, 300, Map.of()).withClusteringProvider("liquid");
        AddFileEntry anotherUnclustered = file("another", 50, 150, Map.of());

        assertThat(RewriteCandidates.forClustering(List.of(unclustered, ours, theirs, anotherUnclustered), SPEC, Map.of("x", BIGINT)))
                .extracting(AddFileEntry::path)
                .containsExactlyInAnyOrder("unclustered", "another");
    }

    @Test
    void testWellClusteredFilesAreNotRewritten()
    {
        AddFileEntry first = file("first", 0, 100, ClusteringTags.of(List.of("x"), CurveKind.HILBERT, "run-1"));
        AddFileEntry second = file("second", 101, 200, ClusteringTags.of(List.of("x"), CurveKind.HILBERT, "run-1"));
        assertThat(RewriteCandidates.forClustering(List.of(first, second), SPEC, Map.of("x", BIGINT))).isEmpty();
        // clustered along another curve: not what this run asks for
        AddFileEntry zorder = file("zorder", 0, 100, ClusteringTags.of(List.of("x"), CurveKind.ZORDER, "run-2"));
        assertThat(RewriteCandidates.forClustering(List.of(first, second, zorder), SPEC, Map.of("x", BIGINT)))
                .extracting(AddFileEntry::path)
                .contains("zorder");
    }

    private static AddFileEntry file(String path, long min, long max, Map<String, String> tags)
    {
        String statistics = "{\"numRecords\":10,\"minValues\":{\"x\":%s},\"maxValues\":{\"x\":%s},\"nullCount\":{\"x\":0}}".formatted(min, max);
        return new AddFileEntry(path, Map.of(), 100, 0, true, Optional.of(statistics), tags, Optional.empty());
    }
}
