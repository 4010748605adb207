package dev.lakehouse.trino.execute;

import dev.lakehouse.layout.ClusteringTags;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.LakehouseSessionProperties;
import dev.lakehouse.trino.LakehouseWriteHandle;
import dev.lakehouse.trino.TableClustering;
import io.trino.spi.connector.ConnectorSession;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files of a clustering run, written by {@code cluster} or by a write with {@code cluster_on_write}: tagged with
 * the run's columns, curve and query, so that the next {@code cluster} run (and the maintenance service) knows them.
 */
public final class ClusteringRuns
{
    private ClusteringRuns() {}

    /**
     * With {@code cluster_on_write}, a write into a table with {@code clustered_by} sorts the rows of each writer
     * along the Hilbert curve of those columns.
     */
    public static Optional<ClusteringSpec> onWrite(ConnectorSession session, List<String> clusteredBy)
    {
        if (clusteredBy.isEmpty() || !LakehouseSessionProperties.isClusterOnWrite(session)) {
            return Optional.empty();
        }
        return Optional.of(ClusteringSpec.forWrites(clusteredBy, LakehouseSessionProperties.getTargetFileSize(session).toBytes()));
    }

    /**
     * The files of a write, tagged as a clustering run's when the write clustered its rows.
     */
    public static List<AddFileEntry> ofWrite(ConnectorSession session, LakehouseWriteHandle handle, List<AddFileEntry> files)
    {
        return handle.clustering()
                .map(clustering -> tag(files, clustering, session.getQueryId(), true))
                .orElse(files);
    }

    /**
     * @param namesProvider whether the table is a clustered table (Delta's clustering feature), whose clustered files
     *         name the implementation that wrote them
     */
    public static List<AddFileEntry> tag(List<AddFileEntry> files, ClusteringSpec clustering, String queryId, boolean namesProvider)
    {
        Map<String, String> tags = ClusteringTags.of(clustering.columns(), clustering.curve(), queryId);
        return files.stream()
                .map(file -> file.withTags(tags))
                .map(file -> namesProvider ? file.withClusteringProvider(TableClustering.CLUSTERING_PROVIDER) : file)
                .toList();
    }
}
