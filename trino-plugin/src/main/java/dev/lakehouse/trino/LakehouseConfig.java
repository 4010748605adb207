package dev.lakehouse.trino;

import dev.lakehouse.transactionlog.schema.ColumnMappingMode;
import dev.lakehouse.trino.write.DataFileCompression;
import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import io.airlift.units.MaxDataSize;
import io.airlift.units.MinDataSize;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.concurrent.TimeUnit;

import static io.airlift.units.DataSize.Unit.MEGABYTE;

public class LakehouseConfig
{
    private String warehouse;
    private DataSize targetFileSize = DataSize.of(128, MEGABYTE);
    private boolean collectColumnStatisticsOnWrite = true;
    private DataSize clusteringSortMemory = DataSize.of(256, MEGABYTE);
    private boolean clusterOnWrite;
    private DataSize maxSplitSize = DataSize.of(64, MEGABYTE);
    private DataSize footerCacheSize = DataSize.of(64, MEGABYTE);
    private int defaultCheckpointInterval = 10;
    private Duration dynamicFilteringWaitTimeout = new Duration(1, TimeUnit.SECONDS);
    private DataFileCompression compressionCodec = DataFileCompression.ZSTD;
    private DataFileCompression smallWriteCompressionCodec = DataFileCompression.SNAPPY;
    private Duration vacuumMinRetention = new Duration(7, TimeUnit.DAYS);
    private ColumnMappingMode defaultColumnMappingMode = ColumnMappingMode.NONE;
    private boolean defaultTypeWideningEnabled;

    @NotNull
    public String getWarehouse()
    {
        return warehouse;
    }

    @Config("lakehouse.warehouse")
    @ConfigDescription("Directory or URI (file:///..., s3://bucket/prefix) holding one folder per schema")
    public LakehouseConfig setWarehouse(String warehouse)
    {
        this.warehouse = warehouse;
        return this;
    }

    @NotNull
    @MinDataSize("1MB")
    @MaxDataSize("4GB")
    public DataSize getTargetFileSize()
    {
        return targetFileSize;
    }

    @Config("lakehouse.target-file-size")
    @ConfigDescription("Size at which a writer closes a data file and starts the next one")
    public LakehouseConfig setTargetFileSize(DataSize targetFileSize)
    {
        this.targetFileSize = targetFileSize;
        return this;
    }

    @NotNull
    @MinDataSize("1MB")
    public DataSize getMaxSplitSize()
    {
        return maxSplitSize;
    }

    @Config("lakehouse.max-split-size")
    @ConfigDescription("Data files larger than this are read by several splits in parallel")
    public LakehouseConfig setMaxSplitSize(DataSize maxSplitSize)
    {
        this.maxSplitSize = maxSplitSize;
        return this;
    }

    @NotNull
    public DataSize getFooterCacheSize()
    {
        return footerCacheSize;
    }

    @Config("lakehouse.footer-cache-size")
    @ConfigDescription("Memory for the parsed footers of data files read recently, so that queries over many files do not parse them again; 0B turns the cache off")
    public LakehouseConfig setFooterCacheSize(DataSize footerCacheSize)
    {
        this.footerCacheSize = footerCacheSize;
        return this;
    }

    @Min(1)
    public int getDefaultCheckpointInterval()
    {
        return defaultCheckpointInterval;
    }

    @Config("lakehouse.default-checkpoint-interval")
    @ConfigDescription("Checkpoint interval of new tables that do not set the checkpoint_interval property")
    public LakehouseConfig setDefaultCheckpointInterval(int defaultCheckpointInterval)
    {
        this.defaultCheckpointInterval = defaultCheckpointInterval;
        return this;
    }

    @NotNull
    public Duration getDynamicFilteringWaitTimeout()
    {
        return dynamicFilteringWaitTimeout;
    }

    @Config("lakehouse.dynamic-filtering.wait-timeout")
    @ConfigDescription("How long split enumeration waits for dynamic filters, to prune files with them")
    public LakehouseConfig setDynamicFilteringWaitTimeout(Duration dynamicFilteringWaitTimeout)
    {
        this.dynamicFilteringWaitTimeout = dynamicFilteringWaitTimeout;
        return this;
    }

    @NotNull
    public DataFileCompression getCompressionCodec()
    {
        return compressionCodec;
    }

    @Config("lakehouse.compression-codec")
    @ConfigDescription("Compression of new data files: NONE, SNAPPY, ZSTD or GZIP")
    public LakehouseConfig setCompressionCodec(DataFileCompression compressionCodec)
    {
        this.compressionCodec = compressionCodec;
        return this;
    }

    @NotNull
    public DataFileCompression getSmallWriteCompressionCodec()
    {
        return smallWriteCompressionCodec;
    }

    @Config("lakehouse.small-write-compression-codec")
    @ConfigDescription("Compression of the data files of a writer whose rows take at most 1MB in memory (small commits): reading a small page costs a fixed setup that is far larger for ZSTD than for Snappy")
    public LakehouseConfig setSmallWriteCompressionCodec(DataFileCompression smallWriteCompressionCodec)
    {
        this.smallWriteCompressionCodec = smallWriteCompressionCodec;
        return this;
    }

    public boolean isCollectColumnStatisticsOnWrite()
    {
        return collectColumnStatisticsOnWrite;
    }

    @Config("lakehouse.collect-column-statistics-on-write")
    @ConfigDescription("Compute distinct-value sketches and column sizes while writing (ANALYZE computes them otherwise)")
    public LakehouseConfig setCollectColumnStatisticsOnWrite(boolean collectColumnStatisticsOnWrite)
    {
        this.collectColumnStatisticsOnWrite = collectColumnStatisticsOnWrite;
        return this;
    }

    @NotNull
    @MinDataSize("1MB")
    public DataSize getClusteringSortMemory()
    {
        return clusteringSortMemory;
    }

    @Config("lakehouse.clustering.sort-memory")
    @ConfigDescription("Memory a clustering writer sorts rows in before it spills sorted runs to local disk")
    public LakehouseConfig setClusteringSortMemory(DataSize clusteringSortMemory)
    {
        this.clusteringSortMemory = clusteringSortMemory;
        return this;
    }

    public boolean isClusterOnWrite()
    {
        return clusterOnWrite;
    }

    @Config("lakehouse.clustering.cluster-on-write")
    @ConfigDescription("Sort the rows each writer writes into a table with clustered_by along the Hilbert curve of those columns")
    public LakehouseConfig setClusterOnWrite(boolean clusterOnWrite)
    {
        this.clusterOnWrite = clusterOnWrite;
        return this;
    }

    @NotNull
    public Duration getVacuumMinRetention()
    {
        return vacuumMinRetention;
    }

    @Config("lakehouse.vacuum.min-retention")
    @ConfigDescription("Shortest retention vacuum accepts: files younger than it may belong to writes still in flight, and versions within it must stay readable")
    public LakehouseConfig setVacuumMinRetention(Duration vacuumMinRetention)
    {
        this.vacuumMinRetention = vacuumMinRetention;
        return this;
    }

    @NotNull
    public ColumnMappingMode getDefaultColumnMappingMode()
    {
        return defaultColumnMappingMode;
    }

    @Config("lakehouse.default-column-mapping-mode")
    @ConfigDescription("Column mapping mode of new tables that do not set column_mapping_mode: NONE, NAME (columns can then be renamed and dropped) or ID")
    public LakehouseConfig setDefaultColumnMappingMode(ColumnMappingMode defaultColumnMappingMode)
    {
        this.defaultColumnMappingMode = defaultColumnMappingMode;
        return this;
    }

    public boolean isDefaultTypeWideningEnabled()
    {
        return defaultTypeWideningEnabled;
    }

    @Config("lakehouse.default-type-widening-enabled")
    @ConfigDescription("Whether new tables that do not set type_widening_enabled let ALTER COLUMN ... SET DATA TYPE widen types (Delta type widening; readers must support it)")
    public LakehouseConfig setDefaultTypeWideningEnabled(boolean defaultTypeWideningEnabled)
    {
        this.defaultTypeWideningEnabled = defaultTypeWideningEnabled;
        return this;
    }
}
