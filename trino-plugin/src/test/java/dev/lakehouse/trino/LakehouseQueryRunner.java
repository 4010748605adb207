package dev.lakehouse.trino;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Module;
import io.trino.Session;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.spi.Plugin;
import io.trino.spi.QueryId;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.QueryRunner;
import io.trino.tpch.TpchTable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.testing.QueryAssertions.copyTpchTables;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static java.util.Objects.requireNonNull;

/**
 * A real Trino in this JVM with the lakehouse catalog over a temporary warehouse and the tpch catalog.
 */
public final class LakehouseQueryRunner
{
    public static final String CATALOG = "lakehouse";
    public static final String SCHEMA = "tpch";

    private LakehouseQueryRunner() {}

    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Rows the query's table scans read from their files: row groups skipped by their statistics or dictionaries are
     * not read.
     */
    public static long rowsRead(QueryRunner queryRunner, Session session, String sql)
    {
        QueryId queryId = queryRunner.executeWithPlan(session, sql).queryId();
        return ((DistributedQueryRunner) queryRunner).getCoordinator().getQueryManager().getFullQueryInfo(queryId).getQueryStats().getPhysicalInputPositions();
    }

    public static final class Builder
    {
        private Path warehouse;
        private String warehouseUri;
        private final Map<String, String> catalogProperties = new HashMap<>();
        private List<TpchTable<?>> tpchTables = ImmutableList.of();
        private Optional<Module> fileSystemModule = Optional.empty();
        private int workerCount = 2;

        public Builder setWarehouse(Path warehouse)
        {
            this.warehouse = requireNonNull(warehouse, "warehouse is null");
            return this;
        }

        /**
         * A warehouse on another file system than the local one, e.g. {@code s3://bucket/prefix}.
         */
        public Builder setWarehouseUri(String warehouseUri)
        {
            this.warehouseUri = requireNonNull(warehouseUri, "warehouseUri is null");
            return this;
        }

        public Builder addCatalogProperty(String key, String value)
        {
            catalogProperties.put(key, value);
            return this;
        }

        public Builder setInitialTables(List<TpchTable<?>> tables)
        {
            this.tpchTables = ImmutableList.copyOf(tables);
            return this;
        }

        public Builder setWorkerCount(int workerCount)
        {
            this.workerCount = workerCount;
            return this;
        }

        public Builder setFileSystemModule(Module module)
        {
            this.fileSystemModule = Optional.of(module);
            return this;
        }

        public QueryRunner build()
                throws Exception
        {
            String warehouseLocation = warehouseUri != null ? warehouseUri
                    : (warehouse != null ? warehouse : Files.createTempDirectory("lakehouse-warehouse")).toUri().toString();
            Session session = testSessionBuilder()
                    .setCatalog(CATALOG)
                    .setSchema(SCHEMA)
                    .build();
            QueryRunner queryRunner = DistributedQueryRunner.builder(session)
                    .setWorkerCount(workerCount)
                    .build();
            try {
                queryRunner.installPlugin(new TpchPlugin());
                queryRunner.createCatalog("tpch", "tpch");

                Optional<Module> module = fileSystemModule;
                queryRunner.installPlugin(new Plugin()
                {
                    @Override
                    public Iterable<ConnectorFactory> getConnectorFactories()
                    {
                        return ImmutableList.of(new LakehouseConnectorFactory(module));
                    }
                });
                Map<String, String> properties = new HashMap<>(catalogProperties);
                properties.put("lakehouse.warehouse", warehouseLocation);
                queryRunner.createCatalog(CATALOG, LakehouseConnectorFactory.CONNECTOR_NAME, ImmutableMap.copyOf(properties));

                queryRunner.execute("CREATE SCHEMA " + CATALOG + "." + SCHEMA);
                copyTpchTables(queryRunner, "tpch", "tiny", session, tpchTables);
                return queryRunner;
            }
            catch (Throwable e) {
                queryRunner.close();
                throw e;
            }
        }
    }
}
