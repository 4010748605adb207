package dev.lakehouse.trino;

import dev.lakehouse.transactionlog.parquet.ParquetFileDataSource;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoInputFile;
import io.trino.filesystem.local.LocalFileSystem;
import io.trino.parquet.ParquetReaderOptions;
import io.trino.parquet.metadata.ParquetMetadata;
import io.trino.parquet.reader.MetadataReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The footer of a Parquet data file on the local disk, as Trino's reader parses it: what tests check in the files
 * themselves (schema, row groups, codecs) beside what the log says.
 */
public final class ParquetFooters
{
    private ParquetFooters() {}

    public static ParquetMetadata read(Path path)
            throws IOException
    {
        TrinoInputFile file = new LocalFileSystem(Path.of("/")).newInputFile(Location.of("local://" + path.toAbsolutePath()));
        try (ParquetFileDataSource source = new ParquetFileDataSource(file, file.length(), ParquetReaderOptions.defaultOptions())) {
            return MetadataReader.readFooter(source, Optional.empty());
        }
    }
}
