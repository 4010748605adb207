package dev.lakehouse.transactionlog.actions;

/**
 * One action of a Delta commit: a line of a {@code _delta_log/NNN.json} file or a row of a checkpoint.
 */
public sealed interface DeltaAction
        permits ProtocolEntry, MetadataEntry, AddFileEntry, RemoveFileEntry, CdcFileEntry, CommitInfoEntry, TransactionEntry, DomainMetadataEntry
{
}
