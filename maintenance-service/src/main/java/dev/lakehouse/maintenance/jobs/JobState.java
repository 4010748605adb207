package dev.lakehouse.maintenance.jobs;

/**
 * Where a maintenance job is. A job ends in one of the last five states; only {@code RUNNING} holds its table.
 */
public enum JobState
{
    QUEUED,
    RUNNING,
    SUCCEEDED,
    /** a commit lost to a concurrent writer's: the work is tried again later, re-planned */
    CONFLICT,
    FAILED,
    TIMED_OUT,
    /** the service stopped between batches; what committed stays, the rest is left for later */
    ABANDONED;

    public boolean finished()
    {
        return this != QUEUED && this != RUNNING;
    }
}
