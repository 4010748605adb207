package dev.lakehouse.maintenance.measure;

import java.time.Duration;

/**
 * The numbers the service decides by, and where each comes from.
 */
public final class Thresholds
{
    /**
     * A file below 0.75 x the target size is worth rewriting: Apache Amoro's "undersized" class
     * (self-optimizing.min-target-size-ratio); Iceberg's rewrite_data_files likewise leaves files within 75-180% of
     * the target alone (min-file-size-bytes = 0.75 x target).
     */
    public static final double SMALL_FILE_FRACTION = 0.75;

    /**
     * Fragments: files below target/8 (Apache Amoro's self-optimizing.fragment-ratio = 8). Reported; they count as
     * small files.
     */
    public static final int FRAGMENT_DIVISOR = 8;

    /**
     * A partition is compacted once it holds this many small files: Apache Amoro's minor optimizing triggers at 12
     * fragment files (self-optimizing.minor.trigger.file-count). Between Iceberg's minimum of 5 inputs per group
     * (min-input-files) and Delta auto compaction's 50 small files (spark.databricks.delta.autoCompact.minNumFiles):
     * early enough that a stream of small commits never leaves queries reading hundreds of files.
     */
    public static final int SMALL_FILES_TRIGGER = 12;

    /**
     * A clustered table is clustered once this many files are unclustered (the default of
     * maintenance.clustering.min-unclustered-files): Delta auto compaction's 50 small files
     * (spark.databricks.delta.autoCompact.minNumFiles). Later than compaction's trigger, because each clustering of new
     * files starts a run that later merges rewrite again (a byte is rewritten about once per doubling of its run), so
     * larger first runs mean fewer rewrites; and waiting costs queries little, since small files share splits: 50 of
     * them cost a query about what one split does.
     */
    public static final int DEFAULT_MIN_UNCLUSTERED_FILES = 50;

    /**
     * A clustering run of this many target-size files is stable (the default of
     * maintenance.clustering.stable-run-files): never merged again (Databricks' ZCubes stop being
     * re-clustered at a minimum cube size of 100 GB, a hundred of its 1 GB optimize files). Bounds how often a byte
     * is rewritten; a query over a box reads a file of each stable run the box meets.
     */
    public static final int DEFAULT_STABLE_RUN_FILES = 100;

    /**
     * Fewer small files (at least two) are compacted once the oldest is this old: Apache Amoro's minor optimizing
     * interval (self-optimizing.minor.trigger.interval = 1 hour), so a quiet table does not keep its small files.
     */
    public static final Duration SMALL_FILE_MAX_AGE = Duration.ofHours(1);

    /**
     * A table without a checkpoint for this many commits gets one from the service. Delta writers checkpoint every
     * delta.checkpointInterval commits (10 by default); the service covers writers that do not, or a missed one.
     */
    public static final int DEFAULT_CHECKPOINT_INTERVAL = 10;

    /**
     * Vacuum runs when files removed longer ago than the retention exist and no vacuum ran for this long (it lists the
     * whole table, so not on every tick).
     */
    public static final Duration MIN_VACUUM_INTERVAL = Duration.ofHours(1);

    private Thresholds() {}

    public static long smallFileLimit(long targetFileSize)
    {
        return (long) (targetFileSize * SMALL_FILE_FRACTION);
    }

    /**
     * The size from which a clustering run is stable, for a table's target file size.
     */
    public static long stableRunSize(long targetFileSize, int stableRunFiles)
    {
        return targetFileSize > Long.MAX_VALUE / stableRunFiles ? Long.MAX_VALUE : targetFileSize * stableRunFiles;
    }
}
