package dev.lakehouse.transactionlog;

import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import io.trino.spi.TrinoException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestTableFeatures
{
    private static final String SCHEMA = "{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}";
    private static final String GENERATED_SCHEMA = "{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":\"long\",\"nullable\":true,\"metadata\":{\"delta.generationExpression\":\"1\"}}]}";

    @Test
    void testColumnMappingIsAddedAtTheRightVersions()
    {
        assertThat(TableFeatures.withColumnMapping(ProtocolEntry.legacy(1, 2))).isEqualTo(ProtocolEntry.legacy(2, 5));
        assertThat(TableFeatures.withColumnMapping(new ProtocolEntry(1, 7, Optional.empty(), Optional.of(Set.of("clustering")))))
                .isEqualTo(new ProtocolEntry(2, 7, Optional.empty(), Optional.of(Set.of("clustering", "columnMapping"))));
        assertThat(TableFeatures.withColumnMapping(new ProtocolEntry(3, 7, Optional.of(Set.of("timestampNtz")), Optional.of(Set.of("timestampNtz")))))
                .isEqualTo(new ProtocolEntry(3, 7, Optional.of(Set.of("timestampNtz", "columnMapping")), Optional.of(Set.of("timestampNtz", "columnMapping"))));
    }

    @Test
    void testMergedProtocolNeverGoesDown()
    {
        assertThat(TableFeatures.merge(ProtocolEntry.legacy(2, 5), ProtocolEntry.legacy(1, 2))).isEqualTo(ProtocolEntry.legacy(2, 5));
        // a legacy version's implied features are named once the result lists features
        assertThat(TableFeatures.merge(ProtocolEntry.legacy(2, 5), new ProtocolEntry(3, 7, Optional.of(Set.of("timestampNtz")), Optional.of(Set.of("timestampNtz")))))
                .isEqualTo(new ProtocolEntry(3, 7, Optional.of(Set.of("timestampNtz", "columnMapping")), Optional.of(Set.of("timestampNtz", "appendOnly", "invariants", "columnMapping"))));
    }

    @Test
    void testLegacyWriterVersionsAreWrittenWhenTheirFeaturesAreNotInUse()
    {
        TableFeatures.checkCanWrite(ProtocolEntry.legacy(2, 5), metadata(SCHEMA, Map.of("delta.columnMapping.mode", "name")), "t");
        TableFeatures.checkCanWrite(ProtocolEntry.legacy(1, 4), metadata(SCHEMA, Map.of("delta.enableChangeDataFeed", "false")), "t");
        // the change data feed is written: row-level changes write cdc files
        TableFeatures.checkCanWrite(ProtocolEntry.legacy(1, 4), metadata(SCHEMA, Map.of("delta.enableChangeDataFeed", "true")), "t");
        // check constraints are written: Trino checks each row against them
        TableFeatures.checkCanWrite(ProtocolEntry.legacy(1, 3), metadata(SCHEMA, Map.of("delta.constraints.positive", "a > 0")), "t");
        assertThatThrownBy(() -> TableFeatures.checkCanWrite(ProtocolEntry.legacy(1, 4), metadata(GENERATED_SCHEMA, Map.of("delta.enableChangeDataFeed", "true")), "t"))
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("uses generated columns (Delta writer version 4)");
        // reading needs only the reader features: V2 checkpoints are read, not written
        ProtocolEntry v2Checkpoints = new ProtocolEntry(3, 7, Optional.of(Set.of("v2Checkpoint")), Optional.of(Set.of("v2Checkpoint")));
        TableFeatures.checkCanRead(v2Checkpoints, "t");
        assertThatThrownBy(() -> TableFeatures.checkCanWrite(v2Checkpoints, metadata(SCHEMA, Map.of()), "t"))
                .hasMessageContaining("[v2Checkpoint]");
    }

    private static MetadataEntry metadata(String schema, Map<String, String> configuration)
    {
        return new MetadataEntry("id", Optional.empty(), Optional.empty(), "parquet", schema, List.of(), configuration, Optional.empty());
    }
}
