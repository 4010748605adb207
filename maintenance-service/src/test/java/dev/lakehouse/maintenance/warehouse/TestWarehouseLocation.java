package dev.lakehouse.maintenance.warehouse;

import io.trino.filesystem.Location;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static dev.lakehouse.maintenance.warehouse.WarehouseTables.toLocation;
import static org.assertj.core.api.Assertions.assertThat;

final class TestWarehouseLocation
{
    @Test
    void testPlainPathsAreLocalFolders()
    {
        assertThat(toLocation("/var/lib/lakehouse/")).isEqualTo(Location.of("file:///var/lib/lakehouse"));
        assertThat(toLocation(" /data/./warehouse ")).isEqualTo(Location.of("file:///data/warehouse"));
        // relative to the working directory, which bin/maintenance-service sets to the repository root
        assertThat(toLocation("var/warehouse")).isEqualTo(Location.of("file://" + Path.of("var/warehouse").toAbsolutePath()));
    }

    @Test
    void testUrisAreKept()
    {
        assertThat(toLocation("s3://bucket/warehouse")).isEqualTo(Location.of("s3://bucket/warehouse"));
        assertThat(toLocation("file:///var/lib/lakehouse")).isEqualTo(Location.of("file:///var/lib/lakehouse"));
    }
}
