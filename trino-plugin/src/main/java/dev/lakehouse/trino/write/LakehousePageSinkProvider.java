package dev.lakehouse.trino.write;

import com.google.inject.Inject;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.LakehouseSessionProperties;
import dev.lakehouse.trino.LakehouseWriteHandle;
import dev.lakehouse.trino.TransactionLogAccess;
import dev.lakehouse.trino.changefeed.ChangeDataWriter;
import dev.lakehouse.trino.execute.ClusteringSpec;
import dev.lakehouse.trino.execute.LakehouseRewriteHandle;
import dev.lakehouse.trino.merge.LakehouseMergeSink;
import dev.lakehouse.trino.merge.LakehouseMergeTableHandle;
import dev.lakehouse.trino.merge.MergedFiles;
import dev.lakehouse.trino.read.LakehousePageSourceProvider;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.spi.NodeManager;
import io.trino.spi.connector.ConnectorInsertTableHandle;
import io.trino.spi.connector.ConnectorMergeSink;
import io.trino.spi.connector.ConnectorMergeTableHandle;
import io.trino.spi.connector.ConnectorOutputTableHandle;
import io.trino.spi.connector.ConnectorPageSink;
import io.trino.spi.connector.ConnectorPageSinkId;
import io.trino.spi.connector.ConnectorPageSinkProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableExecuteHandle;
import io.trino.spi.connector.ConnectorTransactionHandle;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

public final class LakehousePageSinkProvider
        implements ConnectorPageSinkProvider
{
    private final TrinoFileSystemFactory fileSystemFactory;
    private final String trinoVersion;
    private final TransactionLogAccess logAccess;
    private final LakehousePageSourceProvider pageSourceProvider;

    @Inject
    public LakehousePageSinkProvider(TrinoFileSystemFactory fileSystemFactory, NodeManager nodeManager, TransactionLogAccess logAccess, LakehousePageSourceProvider pageSourceProvider)
    {
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.trinoVersion = nodeManager.getCurrentNode().getVersion();
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
        this.pageSourceProvider = requireNonNull(pageSourceProvider, "pageSourceProvider is null");
    }

    @Override
    public ConnectorPageSink createPageSink(ConnectorTransactionHandle transactionHandle, ConnectorSession session, ConnectorOutputTableHandle outputTableHandle, ConnectorPageSinkId pageSinkId)
    {
        return createPageSink(session, (LakehouseWriteHandle) outputTableHandle);
    }

    @Override
    public ConnectorPageSink createPageSink(ConnectorTransactionHandle transactionHandle, ConnectorSession session, ConnectorInsertTableHandle insertTableHandle, ConnectorPageSinkId pageSinkId)
    {
        return createPageSink(session, (LakehouseWriteHandle) insertTableHandle);
    }

    @Override
    public ConnectorPageSink createPageSink(ConnectorTransactionHandle transactionHandle, ConnectorSession session, ConnectorTableExecuteHandle tableExecuteHandle, ConnectorPageSinkId pageSinkId)
    {
        LakehouseRewriteHandle handle = (LakehouseRewriteHandle) tableExecuteHandle;
        return createPageSink(session, handle.location(), handle.columns(), handle.clustering());
    }

    @Override
    public ConnectorMergeSink createMergeSink(ConnectorTransactionHandle transactionHandle, ConnectorSession session, ConnectorMergeTableHandle mergeHandle, ConnectorPageSinkId pageSinkId)
    {
        LakehouseMergeTableHandle merge = (LakehouseMergeTableHandle) mergeHandle;
        return new LakehouseMergeSink(
                createPageSink(session, merge.write()),
                () -> fileWriter(session, merge.write().location(), merge.write().columns(), false),
                new MergedFiles(transactionHandle, session, merge, logAccess, pageSourceProvider, fileSystemFactory.create(session)),
                merge.write().columns().size(),
                merge.deletionVectors(),
                merge.changeDataFeed()
                        ? Optional.of(new ChangeDataWriter(merge.write().columns(), columns -> fileWriter(session, Location.of(merge.write().location()).appendPath(ChangeDataWriter.FOLDER).toString(), columns, false)))
                        : Optional.empty());
    }

    private ConnectorPageSink createPageSink(ConnectorSession session, LakehouseWriteHandle handle)
    {
        return createPageSink(session, handle.location(), handle.columns(), handle.clustering());
    }

    private ConnectorPageSink createPageSink(ConnectorSession session, String location, List<LakehouseColumnHandle> columns, Optional<ClusteringSpec> clustering)
    {
        LakehousePageSink writer = fileWriter(session, location, columns, clustering.isPresent());
        if (clustering.isEmpty()) {
            return writer;
        }
        List<String> physicalNames = columns.stream().map(LakehouseColumnHandle::physicalName).toList();
        return new ClusteringPageSink(
                writer,
                columns.stream().map(LakehouseColumnHandle::type).toList(),
                clustering.get().columns().stream().map(physicalNames::indexOf).toList(),
                clustering.get().curve(),
                LakehouseSessionProperties.getClusteringSortMemory(session).toBytes());
    }

    private LakehousePageSink fileWriter(ConnectorSession session, String location, List<LakehouseColumnHandle> columns, boolean sorted)
    {
        return new LakehousePageSink(
                fileSystemFactory.create(session),
                Location.of(location),
                columns,
                LakehouseSessionProperties.getTargetFileSize(session).toBytes(),
                sorted,
                LakehouseSessionProperties.getWriteCompression(session),
                session.getQueryId(),
                trinoVersion);
    }
}
