package dev.lakehouse.trino.restore;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.CommitRequest;
import dev.lakehouse.transactionlog.DataFilePaths;
import dev.lakehouse.transactionlog.TableFeatures;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.CommitInfoEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import dev.lakehouse.transactionlog.schema.ColumnMapping;
import dev.lakehouse.transactionlog.schema.ColumnMappingMode;
import dev.lakehouse.trino.DataFileChecks;
import dev.lakehouse.trino.LakehouseTableHandle;
import dev.lakehouse.trino.SessionCommitInfo;
import dev.lakehouse.trino.TransactionLogAccess;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SchemaTableName;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT;

/**
 * The actions that make the latest version of a table equal to an old one: the files the old version has and the
 * latest lacks are added again as the old version's log described them, the others removed, all as data changes;
 * the old schema and configuration come back, the protocol never goes down. No data file is written or read, but
 * each file added again must still exist: vacuum may have deleted it, and then the restore fails saying so.
 */
public final class TableRestore
{
    private TableRestore() {}

    record Restore(List<DeltaAction> actions, Map<String, String> metrics) {}

    /**
     * The version a restore goes back to: the one requested, or the one current at the requested instant.
     */
    public static long targetVersion(ConnectorSession session, TransactionLogAccess logAccess, LakehouseTableHandle table, TableSnapshot latest, RestoreTableProcedure.RestoreTarget target)
    {
        long version = switch (target) {
            case RestoreTableProcedure.RestoreTarget.Version requested -> requested.version();
            case RestoreTableProcedure.RestoreTarget.AsOf asOf -> logAccess.snapshotAsOf(session, Location.of(table.location()), asOf.epochMillis()).version();
        };
        if (version >= latest.version()) {
            throw new TrinoException(LAKEHOUSE_INVALID_PROCEDURE_ARGUMENT, "Cannot restore table %s to version %s: restore goes back to an older version, and the latest is %s".formatted(table.schemaTableName(), version, latest.version()));
        }
        return version;
    }

    /**
     * Commits the restore on top of {@code latest}, the version the restore was planned against.
     */
    public static void restore(ConnectorSession session, TransactionLogAccess logAccess, LakehouseRestoreHandle restore, TableSnapshot latest)
    {
        LakehouseTableHandle table = restore.table();
        Location location = Location.of(table.location());
        TableSnapshot target = logAccess.snapshotAtVersion(session, location, restore.targetVersion());
        Restore plan = plan(table.schemaTableName(), latest, target, logAccess.fileSystem(session), System.currentTimeMillis());
        Map<String, String> parameters = ImmutableMap.of("version", String.valueOf(restore.targetVersion()));
        CommitInfoEntry commitInfo = SessionCommitInfo.of(session, "RESTORE", parameters, false).forOperation("RESTORE", parameters, plan.metrics());
        // any commit since the latest version changed what the restore must undo: it conflicts and is run again
        logAccess.commit(session, location, new CommitRequest(OptionalLong.of(latest.version()), commitInfo, plan.actions(), true), restore.checkpointInterval());
    }

    static Restore plan(SchemaTableName table, TableSnapshot latest, TableSnapshot target, TrinoFileSystem fileSystem, long now)
    {
        // a file is the same file only with the same deletion vector
        Map<String, AddFileEntry> latestFiles = byKey(latest.activeFiles());
        Map<String, AddFileEntry> targetFiles = byKey(target.activeFiles());
        List<AddFileEntry> restored = targetFiles.entrySet().stream().filter(entry -> !latestFiles.containsKey(entry.getKey())).map(Map.Entry::getValue).toList();
        List<AddFileEntry> removed = latestFiles.entrySet().stream().filter(entry -> !targetFiles.containsKey(entry.getKey())).map(Map.Entry::getValue).toList();
        for (AddFileEntry file : restored) {
            requireExists(table, target.version(), latest.tableLocation(), file, fileSystem);
        }

        ImmutableList.Builder<DeltaAction> actions = ImmutableList.builder();
        ProtocolEntry protocol = TableFeatures.merge(latest.protocol(), target.protocol());
        if (!protocol.equals(latest.protocol())) {
            actions.add(protocol);
        }
        MetadataEntry metadata = keepMaxColumnId(target.metadata(), latest.metadata());
        if (!metadata.equals(latest.metadata())) {
            actions.add(metadata);
        }
        removed.forEach(file -> actions.add(RemoveFileEntry.of(file, now, true)));
        restored.forEach(file -> actions.add(file.withDataChange(true)));
        return new Restore(actions.build(), ImmutableMap.of(
                "numRemovedFiles", String.valueOf(removed.size()),
                "numRestoredFiles", String.valueOf(restored.size()),
                "removedFilesSize", String.valueOf(removed.stream().mapToLong(AddFileEntry::size).sum()),
                "restoredFilesSize", String.valueOf(restored.stream().mapToLong(AddFileEntry::size).sum()),
                "tableSizeAfterRestore", String.valueOf(target.activeFiles().stream().mapToLong(AddFileEntry::size).sum()),
                "numOfFilesAfterRestore", String.valueOf(target.activeFiles().size())));
    }

    /**
     * Column mapping ids are never given twice, so the highest id given stays, whatever the old version says.
     */
    private static MetadataEntry keepMaxColumnId(MetadataEntry target, MetadataEntry latest)
    {
        int latestMax = ColumnMapping.maxColumnId(latest);
        if (ColumnMappingMode.of(target) == ColumnMappingMode.NONE || ColumnMapping.maxColumnId(target) >= latestMax) {
            return target;
        }
        return target.withConfigurationValue(ColumnMappingMode.MAX_COLUMN_ID_CONFIGURATION, String.valueOf(latestMax));
    }

    private static Map<String, AddFileEntry> byKey(List<AddFileEntry> files)
    {
        return files.stream().collect(Collectors.toMap(
                file -> file.path() + file.deletionVector().map(vector -> "#" + vector.uniqueId()).orElse(""),
                Function.identity(),
                (first, _) -> first));
    }

    private static void requireExists(SchemaTableName table, long version, Location tableLocation, AddFileEntry file, TrinoFileSystem fileSystem)
    {
        Location location = DataFilePaths.resolve(tableLocation, file.path());
        DataFileChecks.requireExists(fileSystem, location, () -> ("Cannot restore table %s to version %s: its data file %s no longer exists (vacuum deletes the files only versions " +
                "older than its retention use); restore a version within the retention").formatted(table, version, location));
    }
}
