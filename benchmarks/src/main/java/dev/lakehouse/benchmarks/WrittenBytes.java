package dev.lakehouse.benchmarks;

import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointReader;
import io.trino.filesystem.Location;
import io.trino.filesystem.local.LocalFileSystem;

import java.nio.file.Path;

/**
 * What a table's log says was written: bytes of files added with new data (ingested) and bytes of files added by
 * rewrites ({@code dataChange = false}: optimize, cluster, statistics rebuilds), and how many commits rewrote.
 * Write amplification is rewritten / ingested.
 */
record WrittenBytes(long ingestedBytes, long rewrittenBytes, int rewriteCommits)
{
    static WrittenBytes of(Path tableDirectory)
    {
        TransactionLog log = new TransactionLog(new LocalFileSystem(Path.of("/")), Location.of("file://" + tableDirectory.toAbsolutePath()), new ParquetCheckpointReader());
        long latest = log.loadLatestSnapshot().version();
        long ingested = 0;
        long rewritten = 0;
        int rewriteCommits = 0;
        for (long version = 0; version <= latest; version++) {
            boolean rewrite = false;
            for (DeltaAction action : log.readCommit(version)) {
                if (action instanceof AddFileEntry add) {
                    if (add.dataChange()) {
                        ingested += add.size();
                    }
                    else {
                        rewritten += add.size();
                        rewrite = true;
                    }
                }
            }
            rewriteCommits += rewrite ? 1 : 0;
        }
        return new WrittenBytes(ingested, rewritten, rewriteCommits);
    }

    double amplification()
    {
        return ingestedBytes == 0 ? Double.NaN : (double) rewrittenBytes / ingestedBytes;
    }
}
