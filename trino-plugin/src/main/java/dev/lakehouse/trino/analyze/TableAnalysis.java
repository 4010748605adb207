package dev.lakehouse.trino.analyze;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.stats.ColumnSummary;
import dev.lakehouse.stats.TableColumnStatistics;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.ColumnStatisticsStore;
import dev.lakehouse.trino.LakehouseAnalyzeProperties;
import dev.lakehouse.trino.LakehouseColumnHandle;
import dev.lakehouse.trino.LakehouseTableHandle;
import dev.lakehouse.trino.TableColumns;
import dev.lakehouse.trino.TransactionLogAccess;
import dev.lakehouse.trino.WriteStatistics;
import io.trino.filesystem.Location;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorAnalyzeMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.statistics.ComputedStatistics;
import io.trino.spi.type.TypeManager;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INTERNAL_ERROR;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static java.util.Objects.requireNonNull;

/**
 * ANALYZE: which columns Trino computes statistics for and over which files (all of them, or with
 * {@code incremental} only those added since the last analysed version), and the column statistics kept for the
 * version analysed.
 */
public final class TableAnalysis
{
    private final TransactionLogAccess logAccess;
    private final TypeManager typeManager;
    private final ColumnStatisticsStore columnStatisticsStore;

    public TableAnalysis(TransactionLogAccess logAccess, TypeManager typeManager, ColumnStatisticsStore columnStatisticsStore)
    {
        this.logAccess = requireNonNull(logAccess, "logAccess is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
        this.columnStatisticsStore = requireNonNull(columnStatisticsStore, "columnStatisticsStore is null");
    }

    /**
     * @param tableColumns the table's visible columns
     */
    public ConnectorAnalyzeMetadata analyzeMetadata(ConnectorSession session, LakehouseTableHandle table, List<ColumnMetadata> tableColumns, Map<String, Object> analyzeProperties)
    {
        if (table.timeTravel()) {
            throw new TrinoException(NOT_SUPPORTED, "ANALYZE describes the latest version of a table; remove FOR VERSION/TIMESTAMP AS OF");
        }
        Optional<Set<String>> analyzedColumns = LakehouseAnalyzeProperties.columns(analyzeProperties, tableColumns.stream().map(ColumnMetadata::getName).collect(ImmutableSet.toImmutableSet()));
        List<ColumnMetadata> columns = tableColumns.stream()
                .filter(column -> analyzedColumns.map(names -> names.contains(column.getName())).orElse(true))
                .toList();
        LakehouseTableHandle scan = table;
        if (LakehouseAnalyzeProperties.incremental(analyzeProperties)) {
            scan = incrementalBase(session, table, columns).map(table::forFilesAddedAfter).orElse(table);
        }
        return new ConnectorAnalyzeMetadata(scan, WriteStatistics.collectionMetadata(columns));
    }

    /**
     * The version whose statistics an incremental ANALYZE extends: the newest analysed one, as long as every file it
     * had is still in the table (appends only since) and it summarises every column to analyze.
     */
    private Optional<Long> incrementalBase(ConnectorSession session, LakehouseTableHandle table, List<ColumnMetadata> columns)
    {
        Location location = Location.of(table.location());
        Optional<TableColumnStatistics> base = columnStatisticsStore.latestAtOrBefore(session, location, table.version());
        if (base.isEmpty()) {
            return Optional.empty();
        }
        TableSnapshot snapshot = logAccess.snapshot(session, table);
        Map<String, String> physicalNames = TableColumns.columnHandles(snapshot, typeManager).stream()
                .collect(ImmutableMap.toImmutableMap(column -> column.name().toLowerCase(Locale.ENGLISH), LakehouseColumnHandle::physicalName));
        boolean summarisesAllColumns = WriteStatistics.collectionMetadata(columns).getColumnStatistics().stream()
                .allMatch(statistic -> base.get().columns().containsKey(physicalNames.get(statistic.getColumnName())));
        Set<String> currentFiles = snapshot.activeFiles().stream().map(AddFileEntry::path).collect(ImmutableSet.toImmutableSet());
        boolean onlyAppendedSince = logAccess.snapshotAtVersion(session, location, base.get().tableVersion()).activeFiles().stream()
                .allMatch(file -> currentFiles.contains(file.path()));
        return summarisesAllColumns && onlyAppendedSince ? Optional.of(base.get().tableVersion()) : Optional.empty();
    }

    /**
     * Keeps what ANALYZE computed as the column statistics of the version it read.
     */
    public void finish(ConnectorSession session, LakehouseTableHandle table, Collection<ComputedStatistics> computedStatistics)
    {
        Location location = Location.of(table.location());
        TableSnapshot snapshot = logAccess.snapshot(session, table);
        Map<String, ColumnSummary> analyzed = WriteStatistics.columnSummaries(computedStatistics, TableColumns.columnHandles(snapshot, typeManager));
        if (table.onlyFilesAddedAfter().isPresent()) {
            long baseVersion = table.onlyFilesAddedAfter().getAsLong();
            if (baseVersion == table.version()) {
                return;
            }
            TableColumnStatistics base = columnStatisticsStore.read(session, location, baseVersion)
                    .orElseThrow(() -> new TrinoException(LAKEHOUSE_INTERNAL_ERROR, "The column statistics of version %s of %s disappeared during ANALYZE; run it again".formatted(baseVersion, table.schemaTableName())));
            columnStatisticsStore.write(session, location, base.withAppended(table.version(), analyzed));
            return;
        }
        // the statistics of columns left out of this ANALYZE stay as they were for this version
        TableColumnStatistics current = columnStatisticsStore.read(session, location, table.version())
                .orElse(new TableColumnStatistics(table.version(), ImmutableMap.of()));
        columnStatisticsStore.write(session, location, current.replacing(analyzed));
    }
}
