package dev.lakehouse.trino.metadatatables;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.LogFile;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import io.trino.spi.PageBuilder;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.MapType;
import io.trino.spi.type.TypeManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code SELECT * FROM "t$history"}: a row per commit of the log, oldest first, from the {@code commitInfo} of each
 * commit file still in the log (log cleanup removes old ones; a checkpoint keeps no history), with the columns of
 * Trino's Delta Lake connector's history table. A filter on {@code version} limits the commit files read.
 */
final class HistoryTable
        extends MetadataTable
{
    private static final int VERSION = 0;

    private final TransactionLog transactionLog;
    private final long latestVersion;

    HistoryTable(SchemaTableName name, TransactionLog transactionLog, long latestVersion, TypeManager typeManager)
    {
        super(name, columns(MapBlocks.stringMap(typeManager)));
        this.transactionLog = requireNonNull(transactionLog, "transactionLog is null");
        this.latestVersion = latestVersion;
    }

    private static List<ColumnMetadata> columns(MapType stringMap)
    {
        return ImmutableList.of(
                new ColumnMetadata("version", BIGINT),
                new ColumnMetadata("timestamp", TIMESTAMP_TZ_MILLIS),
                new ColumnMetadata("user_id", VARCHAR),
                new ColumnMetadata("user_name", VARCHAR),
                new ColumnMetadata("operation", VARCHAR),
                new ColumnMetadata("operation_parameters", stringMap),
                new ColumnMetadata("cluster_id", VARCHAR),
                new ColumnMetadata("read_version", BIGINT),
                new ColumnMetadata("isolation_level", VARCHAR),
                new ColumnMetadata("is_blind_append", BOOLEAN),
                new ColumnMetadata("operation_metrics", stringMap));
    }

    @Override
    public ConnectorPageSource pageSource(ConnectorTransactionHandle transactionHandle, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        Domain versions = constraint.getDomains().map(domains -> domains.get(VERSION)).orElse(null);
        List<Map.Entry<Long, CommitInfoEntry>> commits = new ArrayList<>();
        for (LogFile file : transactionLog.listLogFiles()) {
            long version = file.version();
            if (file.kind() != LogFile.Kind.COMMIT || version > latestVersion || (versions != null && !versions.includesNullableValue(version))) {
                continue;
            }
            commitInfo(transactionLog.readCommit(version)).ifPresent(commitInfo -> commits.add(Map.entry(version, commitInfo)));
        }
        return pages(commits, (page, commit) -> addRow(page, commit.getKey(), commit.getValue()));
    }

    private void addRow(PageBuilder page, long version, CommitInfoEntry commitInfo)
    {
        BIGINT.writeLong(page.getBlockBuilder(0), version);
        TIMESTAMP_TZ_MILLIS.writeLong(page.getBlockBuilder(1), packDateTimeWithZone(commitInfo.timestamp(), UTC_KEY));
        page.getBlockBuilder(2).appendNull();
        writeString(page.getBlockBuilder(3), commitInfo.userName());
        VARCHAR.writeString(page.getBlockBuilder(4), commitInfo.operation());
        MapBlocks.writeStringMap(page.getBlockBuilder(5), commitInfo.operationParameters());
        page.getBlockBuilder(6).appendNull();
        commitInfo.readVersion().ifPresentOrElse(read -> BIGINT.writeLong(page.getBlockBuilder(7), read), () -> page.getBlockBuilder(7).appendNull());
        writeString(page.getBlockBuilder(8), commitInfo.isolationLevel());
        commitInfo.isBlindAppend().ifPresentOrElse(blind -> BOOLEAN.writeBoolean(page.getBlockBuilder(9), blind), () -> page.getBlockBuilder(9).appendNull());
        // commits without metrics leave them out, and read as NULL as in Trino's Delta Lake connector
        if (commitInfo.operationMetrics().isEmpty()) {
            page.getBlockBuilder(10).appendNull();
        }
        else {
            MapBlocks.writeStringMap(page.getBlockBuilder(10), commitInfo.operationMetrics());
        }
    }

    private static Optional<CommitInfoEntry> commitInfo(List<DeltaAction> actions)
    {
        return actions.stream()
                .filter(CommitInfoEntry.class::isInstance)
                .map(CommitInfoEntry.class::cast)
                .findFirst();
    }

    private static void writeString(BlockBuilder builder, Optional<String> value)
    {
        value.ifPresentOrElse(text -> VARCHAR.writeString(builder, text), builder::appendNull);
    }
}
