package dev.lakehouse.transactionlog.vacuum;

/**
 * What a vacuum did: the versions of its start and end commits and what it deleted.
 */
public record VacuumResult(long startVersion, long endVersion, int deletedFiles, long deletedBytes) {}
