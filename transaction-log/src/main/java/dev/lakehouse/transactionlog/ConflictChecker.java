package dev.lakehouse.transactionlog;

import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.actions.DomainMetadataEntry;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.actions.RemoveFileEntry;
import dev.lakehouse.transactionlog.actions.TransactionEntry;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a transaction may still commit on top of a commit that won the race for a version.
 * Returns the reason of a conflict, or empty when the two transactions are compatible.
 */
public final class ConflictChecker
{
    private ConflictChecker() {}

    public static Optional<String> findConflict(CommitRequest ours, long winningVersion, List<DeltaAction> winning)
    {
        Set<String> ourRemovedPaths = ours.actions().stream()
                .filter(RemoveFileEntry.class::isInstance)
                .map(action -> ((RemoveFileEntry) action).path())
                .collect(Collectors.toSet());
        // a file added again under its own path (new statistics) must still be in the table
        Set<String> ourAddedPaths = ours.actions().stream()
                .filter(AddFileEntry.class::isInstance)
                .map(action -> ((AddFileEntry) action).path())
                .collect(Collectors.toSet());
        Set<String> ourDomains = ours.actions().stream()
                .filter(DomainMetadataEntry.class::isInstance)
                .map(action -> ((DomainMetadataEntry) action).domain())
                .collect(Collectors.toSet());
        Set<String> ourApplications = ours.actions().stream()
                .filter(TransactionEntry.class::isInstance)
                .map(action -> ((TransactionEntry) action).appId())
                .collect(Collectors.toSet());

        for (DeltaAction action : winning) {
            switch (action) {
                case MetadataEntry _ -> {
                    return Optional.of("version " + winningVersion + " changed the table's metadata (schema, properties or comment)");
                }
                case ProtocolEntry _ -> {
                    return Optional.of("version " + winningVersion + " changed the table's protocol");
                }
                case RemoveFileEntry remove when ourRemovedPaths.contains(remove.path()) -> {
                    return Optional.of("version " + winningVersion + " removed file " + remove.path() + ", which this transaction also removes");
                }
                case RemoveFileEntry remove when ourAddedPaths.contains(remove.path()) -> {
                    return Optional.of("version " + winningVersion + " removed file " + remove.path() + ", which this transaction adds again");
                }
                case RemoveFileEntry remove when remove.dataChange() && ours.mayHaveRead(remove.path()) -> {
                    return Optional.of("version " + winningVersion + " deleted data that this transaction read (file " + remove.path() + ")");
                }
                case AddFileEntry add when ours.readsData() && ours.isolationLevel() == IsolationLevel.SERIALIZABLE && add.dataChange() -> {
                    return Optional.of("version " + winningVersion + " added data that this transaction's read would have seen");
                }
                case DomainMetadataEntry domain when ourDomains.contains(domain.domain()) -> {
                    return Optional.of("version " + winningVersion + " changed the configuration of domain " + domain.domain() + ", which this transaction also changes");
                }
                case TransactionEntry transaction when ourApplications.contains(transaction.appId()) -> {
                    return Optional.of("version " + winningVersion + " committed for the same application id " + transaction.appId());
                }
                default -> {}
            }
        }
        return Optional.empty();
    }
}
