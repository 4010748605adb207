package dev.lakehouse.trino;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.schema.ColumnMappingMode;
import dev.lakehouse.trino.write.DataFileCompression;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.units.DataSize.Unit.GIGABYTE;
import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.SECONDS;

final class TestLakehouseConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(LakehouseConfig.class)
                .setWarehouse(null)
                .setTargetFileSize(DataSize.of(128, MEGABYTE))
                .setMaxSplitSize(DataSize.of(64, MEGABYTE))
                .setFooterCacheSize(DataSize.of(64, MEGABYTE))
                .setDefaultCheckpointInterval(10)
                .setDynamicFilteringWaitTimeout(new Duration(1, SECONDS))
                .setCompressionCodec(DataFileCompression.ZSTD)
                .setSmallWriteCompressionCodec(DataFileCompression.SNAPPY)
                .setCollectColumnStatisticsOnWrite(true)
                .setClusteringSortMemory(DataSize.of(256, MEGABYTE))
                .setClusterOnWrite(false)
                .setVacuumMinRetention(new Duration(7, TimeUnit.DAYS))
                .setDefaultColumnMappingMode(ColumnMappingMode.NONE)
                .setDefaultTypeWideningEnabled(false));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("lakehouse.warehouse", "s3://bucket/warehouse")
                .put("lakehouse.target-file-size", "256MB")
                .put("lakehouse.max-split-size", "32MB")
                .put("lakehouse.footer-cache-size", "0B")
                .put("lakehouse.default-checkpoint-interval", "20")
                .put("lakehouse.dynamic-filtering.wait-timeout", "5s")
                .put("lakehouse.compression-codec", "SNAPPY")
                .put("lakehouse.small-write-compression-codec", "ZSTD")
                .put("lakehouse.collect-column-statistics-on-write", "false")
                .put("lakehouse.clustering.sort-memory", "1GB")
                .put("lakehouse.clustering.cluster-on-write", "true")
                .put("lakehouse.vacuum.min-retention", "1h")
                .put("lakehouse.default-column-mapping-mode", "NAME")
                .put("lakehouse.default-type-widening-enabled", "true")
                .buildOrThrow();
        assertFullMapping(properties, new LakehouseConfig()
                .setWarehouse("s3://bucket/warehouse")
                .setTargetFileSize(DataSize.of(256, MEGABYTE))
                .setMaxSplitSize(DataSize.of(32, MEGABYTE))
                .setFooterCacheSize(DataSize.ofBytes(0))
                .setDefaultCheckpointInterval(20)
                .setDynamicFilteringWaitTimeout(new Duration(5, SECONDS))
                .setCompressionCodec(DataFileCompression.SNAPPY)
                .setSmallWriteCompressionCodec(DataFileCompression.ZSTD)
                .setCollectColumnStatisticsOnWrite(false)
                .setClusteringSortMemory(DataSize.of(1, GIGABYTE))
                .setClusterOnWrite(true)
                .setVacuumMinRetention(new Duration(1, TimeUnit.HOURS))
                .setDefaultColumnMappingMode(ColumnMappingMode.NAME)
                .setDefaultTypeWideningEnabled(true));
    }
}
