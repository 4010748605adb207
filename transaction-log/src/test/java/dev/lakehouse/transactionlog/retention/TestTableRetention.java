package dev.lakehouse.transactionlog.retention;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import io.trino.spi.TrinoException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestTableRetention
{
    @Test
    void testSparkIntervalStrings()
    {
        assertThat(TableRetention.parseInterval("interval 7 days")).isEqualTo(Duration.ofDays(7));
        assertThat(TableRetention.parseInterval("interval 1 week")).isEqualTo(Duration.ofDays(7));
        assertThat(TableRetention.parseInterval("INTERVAL 30 DAYS")).isEqualTo(Duration.ofDays(30));
        assertThat(TableRetention.parseInterval("interval 1 day 12 hours")).isEqualTo(Duration.ofHours(36));
        assertThat(TableRetention.parseInterval("2 seconds")).isEqualTo(Duration.ofSeconds(2));
        assertThat(TableRetention.parseInterval("interval 0 seconds")).isEqualTo(Duration.ZERO);
    }

    @Test
    void testDefaultsAndTableProperties()
    {
        assertThat(TableRetention.deletedFileRetention(metadata(ImmutableMap.of()))).isEqualTo(Duration.ofDays(7));
        assertThat(TableRetention.logRetention(metadata(ImmutableMap.of()))).isEqualTo(Duration.ofDays(30));
        assertThat(TableRetention.expiredLogCleanupEnabled(metadata(ImmutableMap.of()))).isTrue();
        MetadataEntry configured = metadata(ImmutableMap.of(
                "delta.deletedFileRetentionDuration", "interval 2 hours",
                "delta.logRetentionDuration", "interval 3 days",
                "delta.enableExpiredLogCleanup", "false"));
        assertThat(TableRetention.deletedFileRetention(configured)).isEqualTo(Duration.ofHours(2));
        assertThat(TableRetention.logRetention(configured)).isEqualTo(Duration.ofDays(3));
        assertThat(TableRetention.expiredLogCleanupEnabled(configured)).isFalse();
    }

    @Test
    void testInvalidValuesNameThePropertyAndTheExpectedForm()
    {
        assertThatThrownBy(() -> TableRetention.deletedFileRetention(metadata(ImmutableMap.of("delta.deletedFileRetentionDuration", "7 fortnights"))))
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("Invalid value '7 fortnights' of table property delta.deletedFileRetentionDuration")
                .hasMessageContaining("unknown unit 'fortnights'");
        assertThatThrownBy(() -> TableRetention.logRetention(metadata(ImmutableMap.of("delta.logRetentionDuration", "interval 1 month"))))
                .hasMessageContaining("unknown unit 'month'");
        assertThatThrownBy(() -> TableRetention.parseInterval("interval days")).hasMessageContaining("expected an interval such as 'interval 7 days'");
        assertThatThrownBy(() -> TableRetention.parseInterval("interval -1 days")).hasMessageContaining("cannot be negative");
    }

    private static MetadataEntry metadata(Map<String, String> configuration)
    {
        return new MetadataEntry("id", Optional.empty(), Optional.empty(), "parquet", "{\"type\":\"struct\",\"fields\":[]}", ImmutableList.of(), configuration, Optional.empty());
    }
}
