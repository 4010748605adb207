package dev.lakehouse.trino;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import dev.lakehouse.trino.write.DataFileCompression;
import dev.lakehouse.trino.write.WriteCompression;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import io.trino.plugin.base.session.SessionPropertiesProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.session.PropertyMetadata;

import java.util.List;
import java.util.Optional;

import static io.trino.plugin.base.session.PropertyMetadataUtil.dataSizeProperty;
import static io.trino.plugin.base.session.PropertyMetadataUtil.durationProperty;
import static io.trino.spi.session.PropertyMetadata.booleanProperty;
import static io.trino.spi.session.PropertyMetadata.enumProperty;
import static io.trino.spi.session.PropertyMetadata.longProperty;
import static io.trino.spi.session.PropertyMetadata.stringProperty;

public final class LakehouseSessionProperties
        implements SessionPropertiesProvider
{
    private static final String TARGET_FILE_SIZE = "target_file_size";
    private static final String MAX_SPLIT_SIZE = "max_split_size";
    private static final String DYNAMIC_FILTERING_WAIT_TIMEOUT = "dynamic_filtering_wait_timeout";
    private static final String FILE_PRUNING_ENABLED = "file_pruning_enabled";
    private static final String COMBINE_SMALL_FILES = "combine_small_files";
    private static final String COMPRESSION_CODEC = "compression_codec";
    private static final String SMALL_WRITE_COMPRESSION_CODEC = "small_write_compression_codec";
    private static final String COLLECT_COLUMN_STATISTICS_ON_WRITE = "collect_column_statistics_on_write";
    private static final String CLUSTERING_SORT_MEMORY = "clustering_sort_memory";
    private static final String CLUSTER_ON_WRITE = "cluster_on_write";
    private static final String MAINTENANCE_JOB_ID = "maintenance_job_id";
    private static final String WRITE_APPLICATION_ID = "write_application_id";
    private static final String WRITE_APPLICATION_VERSION = "write_application_version";

    private final List<PropertyMetadata<?>> sessionProperties;

    @Inject
    public LakehouseSessionProperties(LakehouseConfig config)
    {
        sessionProperties = ImmutableList.of(
                dataSizeProperty(TARGET_FILE_SIZE, "Size at which a writer starts a new data file", config.getTargetFileSize(), false),
                dataSizeProperty(MAX_SPLIT_SIZE, "Largest part of a data file read by one split", config.getMaxSplitSize(), false),
                durationProperty(DYNAMIC_FILTERING_WAIT_TIMEOUT, "How long split enumeration waits for dynamic filters", config.getDynamicFilteringWaitTimeout(), false),
                booleanProperty(FILE_PRUNING_ENABLED, "Skip data files whose statistics in the log exclude the query's predicate", true, false),
                booleanProperty(COMBINE_SMALL_FILES, "Read several data files smaller than max_split_size in one split", true, false),
                enumProperty(COMPRESSION_CODEC, "Compression of new data files", DataFileCompression.class, config.getCompressionCodec(), false),
                enumProperty(SMALL_WRITE_COMPRESSION_CODEC, "Compression of the data files of a writer whose rows take at most 1MB in memory", DataFileCompression.class, config.getSmallWriteCompressionCodec(), false),
                booleanProperty(COLLECT_COLUMN_STATISTICS_ON_WRITE, "Compute distinct-value sketches and column sizes while writing", config.isCollectColumnStatisticsOnWrite(), false),
                dataSizeProperty(CLUSTERING_SORT_MEMORY, "Memory a clustering writer sorts rows in before it spills sorted runs to local disk", config.getClusteringSortMemory(), false),
                booleanProperty(CLUSTER_ON_WRITE, "Sort the rows each writer writes into a table with clustered_by along the Hilbert curve of those columns", config.isClusterOnWrite(), false),
                // hidden: set by the maintenance service, so that after a crash it can find its commits in the log
                stringProperty(MAINTENANCE_JOB_ID, "Job id recorded in the commitInfo of every commit of the session (operationParameters.maintenanceJobId)", null, true),
                stringProperty(WRITE_APPLICATION_ID, "Idempotent writes: the application whose writes are recorded in the table (Delta txn appId), with write_application_version", null, false),
                longProperty(WRITE_APPLICATION_VERSION, "Idempotent writes: the version of this write of write_application_id; a write whose version the table already has is skipped", null, false));
    }

    @Override
    public List<PropertyMetadata<?>> getSessionProperties()
    {
        return sessionProperties;
    }

    public static DataSize getTargetFileSize(ConnectorSession session)
    {
        return session.getProperty(TARGET_FILE_SIZE, DataSize.class);
    }

    public static DataSize getMaxSplitSize(ConnectorSession session)
    {
        return session.getProperty(MAX_SPLIT_SIZE, DataSize.class);
    }

    public static Duration getDynamicFilteringWaitTimeout(ConnectorSession session)
    {
        return session.getProperty(DYNAMIC_FILTERING_WAIT_TIMEOUT, Duration.class);
    }

    public static WriteCompression getWriteCompression(ConnectorSession session)
    {
        return new WriteCompression(
                session.getProperty(COMPRESSION_CODEC, DataFileCompression.class),
                session.getProperty(SMALL_WRITE_COMPRESSION_CODEC, DataFileCompression.class));
    }

    public static boolean isFilePruningEnabled(ConnectorSession session)
    {
        return session.getProperty(FILE_PRUNING_ENABLED, Boolean.class);
    }

    public static boolean isCombineSmallFiles(ConnectorSession session)
    {
        return session.getProperty(COMBINE_SMALL_FILES, Boolean.class);
    }

    public static boolean isCollectColumnStatisticsOnWrite(ConnectorSession session)
    {
        return session.getProperty(COLLECT_COLUMN_STATISTICS_ON_WRITE, Boolean.class);
    }

    public static boolean isClusterOnWrite(ConnectorSession session)
    {
        return session.getProperty(CLUSTER_ON_WRITE, Boolean.class);
    }

    public static DataSize getClusteringSortMemory(ConnectorSession session)
    {
        return session.getProperty(CLUSTERING_SORT_MEMORY, DataSize.class);
    }

    public static Optional<String> getWriteApplicationId(ConnectorSession session)
    {
        return Optional.ofNullable(session.getProperty(WRITE_APPLICATION_ID, String.class));
    }

    public static Optional<Long> getWriteApplicationVersion(ConnectorSession session)
    {
        return Optional.ofNullable(session.getProperty(WRITE_APPLICATION_VERSION, Long.class));
    }

    public static Optional<String> getMaintenanceJobId(ConnectorSession session)
    {
        return Optional.ofNullable(session.getProperty(MAINTENANCE_JOB_ID, String.class));
    }
}
