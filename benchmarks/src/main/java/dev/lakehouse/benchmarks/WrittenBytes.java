package dev.lakehouse.benchmarks;

import dev.lakehouse.stats.StatisticsJson;
import dev.lakehouse.transactionlog.TransactionLog;
import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.transactionlog.actions.DeltaAction;
import dev.lakehouse.transactionlog.checkpoint.ParquetCheckpointReader;
import io.trino.filesystem.Location;
import io.trino.filesystem.local.LocalFileSystem;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a table's log says was written: bytes and rows of files added with new data (ingested) and of files added by
 * rewrites ({@code dataChange = false}: optimize, cluster, statistics rebuilds), and how many commits rewrote.
 * Write amplification is rewritten / ingested, in bytes (the goal's measure) and in rows, which does not depend on
 * how densely each file's codec packs it (small commits are Snappy, rewritten files ZSTD).
 */
record WrittenBytes(long ingestedBytes, long rewrittenBytes, long ingestedRows, long rewrittenRows, int rewriteCommits)
{
    static WrittenBytes of(Path tableDirectory)
    {
        TransactionLog log = new TransactionLog(new LocalFileSystem(Path.of("/")), Location.of("file://" + tableDirectory.toAbsolutePath()), new ParquetCheckpointReader());
        long latest = log.loadLatestSnapshot().version();
        long ingested = 0;
        long rewritten = 0;
        long ingestedRows = 0;
        long rewrittenRows = 0;
        int rewriteCommits = 0;
        for (long version = 0; version <= latest; version++) {
            boolean rewrite = false;
            for (DeltaAction action : log.readCommit(version)) {
                if (action instanceof AddFileEntry add) {
                    if (add.dataChange()) {
                        ingested += add.size();
                        ingestedRows += rows(add);
                    }
                    else {
                        rewritten += add.size();
                        rewrittenRows += rows(add);
                        rewrite = true;
                    }
                }
            }
            rewriteCommits += rewrite ? 1 : 0;
        }
        return new WrittenBytes(ingested, rewritten, ingestedRows, rewrittenRows, rewriteCommits);
    }

    private static long rows(AddFileEntry add)
    {
        return StatisticsJson.parse(add.stats(), Map.of()).numRecords()
                .orElseThrow(() -> new IllegalStateException("no row count in the statistics of " + add.path()));
    }

    double amplification()
    {
        return ingestedBytes == 0 ? Double.NaN : (double) rewrittenBytes / ingestedBytes;
    }

    double rowAmplification()
    {
        return ingestedRows == 0 ? Double.NaN : (double) rewrittenRows / ingestedRows;
    }
}
