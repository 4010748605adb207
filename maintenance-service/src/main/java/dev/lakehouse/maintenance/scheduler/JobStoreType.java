package dev.lakehouse.maintenance.scheduler;

/**
 * Where Quartz keeps its jobs and triggers.
 */
public enum JobStoreType
{
    /**
     * In memory: one service instance, schedules start over on each restart.
     */
    MEMORY,
    /**
     * In a PostgreSQL database shared by several service instances (Quartz clustering).
     */
    JDBC,
}
