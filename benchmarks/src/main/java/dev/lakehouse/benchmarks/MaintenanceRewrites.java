package dev.lakehouse.benchmarks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The rewrites the maintenance service ran on the Trino server (queries of source {@code lakehouse-maintenance}), as
 * the server's recent-query history lists them: to tell the rounds of a measurement during which the service's own work
 * shared the machine from the others.
 */
final class MaintenanceRewrites
{
    /** From {@code start} to {@code end}, in seconds since the epoch on this machine's clock (the server's too). */
    record Interval(double start, double end)
    {
        boolean overlaps(Interval other)
        {
            return start < other.end && other.start < end;
        }
    }

    private MaintenanceRewrites() {}

    static double now()
    {
        return System.currentTimeMillis() / 1000.0;
    }

    /** The rewrites the server remembers, those still running until now. */
    static List<Interval> recent(Statement statement)
            throws SQLException
    {
        List<Interval> rewrites = new ArrayList<>();
        try (ResultSet result = statement.executeQuery("SELECT to_unixtime(created), to_unixtime(coalesce(\"end\", current_timestamp)) FROM system.runtime.queries " +
                "WHERE source = 'lakehouse-maintenance' AND starts_with(query, 'ALTER TABLE')")) {
            while (result.next()) {
                rewrites.add(new Interval(result.getDouble(1), result.getDouble(2)));
            }
        }
        return rewrites;
    }
}
