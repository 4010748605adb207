package dev.lakehouse.transactionlog.actions;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The {@code cdc} action: a file of change data ({@code _change_data/...}) holding the rows a commit changed, each with
 * its {@code _change_type}. When a commit has any, readers of the change feed take its changes from these files alone
 * and ignore its {@code add} and {@code remove} actions; they never count as table data.
 */
public record CdcFileEntry(String path, Map<String, String> partitionValues, long size)
        implements DeltaAction
{
    public CdcFileEntry
    {
        requireNonNull(path, "path is null");
        // partition values may be null
        partitionValues = Collections.unmodifiableMap(new HashMap<>(partitionValues));
    }
}
