package dev.lakehouse.maintenance;

import dev.lakehouse.maintenance.measure.Thresholds;
import dev.lakehouse.maintenance.scheduler.JobStoreType;
import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import io.airlift.units.MinDataSize;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.io.File;
import java.util.Optional;

import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.DAYS;
import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MINUTES;

public class MaintenanceConfig
{
    private String warehouse;
    private String trinoUrl;
    private String trinoUser = "maintenance";
    private String apiToken;
    private File apiTokenFile;
    private Duration evaluationInterval = new Duration(5, MINUTES);
    private Duration vacuumMinRetention = new Duration(7, DAYS);
    private JobStoreType jobStore = JobStoreType.MEMORY;
    private String jobStoreJdbcUrl;
    private String jobStoreJdbcUser;
    private String jobStoreJdbcPassword;
    private int maxConcurrentJobs = 2;
    private Duration jobTimeout = new Duration(2, HOURS);
    private boolean enabledByDefault = true;
    private DataSize targetFileSize = DataSize.of(128, MEGABYTE);
    private int clusteringMaxOverlapDepth = 2;
    private int clusteringStableRunFiles = Thresholds.DEFAULT_STABLE_RUN_FILES;
    private int clusteringMinUnclusteredFiles = Thresholds.DEFAULT_MIN_UNCLUSTERED_FILES;

    @NotNull
    public String getWarehouse()
    {
        return warehouse;
    }

    @Config("lakehouse.warehouse")
    @ConfigDescription("Folder or URI holding one folder per schema, as the catalog's lakehouse.warehouse; a plain path is a local folder")
    public MaintenanceConfig setWarehouse(String warehouse)
    {
        this.warehouse = warehouse;
        return this;
    }

    @Pattern(regexp = "jdbc:trino://.+", message = "must be a Trino JDBC URL such as jdbc:trino://127.0.0.1:8080/lakehouse")
    public String getTrinoUrl()
    {
        return trinoUrl;
    }

    @Config("trino.url")
    @ConfigDescription("JDBC URL of the Trino coordinator with the lakehouse catalog, e.g. jdbc:trino://127.0.0.1:8080/lakehouse")
    public MaintenanceConfig setTrinoUrl(String trinoUrl)
    {
        this.trinoUrl = trinoUrl;
        return this;
    }

    @NotNull
    public String getTrinoUser()
    {
        return trinoUser;
    }

    @Config("trino.user")
    @ConfigDescription("User the service's statements run as in Trino")
    public MaintenanceConfig setTrinoUser(String trinoUser)
    {
        this.trinoUser = trinoUser;
        return this;
    }

    public Optional<String> getApiToken()
    {
        return Optional.ofNullable(apiToken);
    }

    @Config("maintenance.api-token")
    @ConfigSecuritySensitive
    @ConfigDescription("Bearer token that write requests of the REST API must present; without a token (or token file) the API is read-only")
    public MaintenanceConfig setApiToken(String apiToken)
    {
        this.apiToken = apiToken;
        return this;
    }

    public Optional<File> getApiTokenFile()
    {
        return Optional.ofNullable(apiTokenFile);
    }

    @Config("maintenance.api-token-file")
    @ConfigDescription("File whose content is the API token, instead of maintenance.api-token (setting both is an error)")
    public MaintenanceConfig setApiTokenFile(File apiTokenFile)
    {
        this.apiTokenFile = apiTokenFile;
        return this;
    }

    @NotNull
    @MinDuration("1s")
    public Duration getEvaluationInterval()
    {
        return evaluationInterval;
    }

    @Config("maintenance.evaluation-interval")
    @ConfigDescription("How often the service observes every table and decides what maintenance it needs")
    public MaintenanceConfig setEvaluationInterval(Duration evaluationInterval)
    {
        this.evaluationInterval = evaluationInterval;
        return this;
    }

    @NotNull
    public Duration getVacuumMinRetention()
    {
        return vacuumMinRetention;
    }

    @Config("maintenance.vacuum.min-retention")
    @ConfigDescription("Vacuum never deletes files that a version younger than this still needs, whatever a table's own retention says")
    public MaintenanceConfig setVacuumMinRetention(Duration vacuumMinRetention)
    {
        this.vacuumMinRetention = vacuumMinRetention;
        return this;
    }

    @NotNull
    public JobStoreType getJobStore()
    {
        return jobStore;
    }

    @Config("maintenance.job-store")
    @ConfigDescription("Where the scheduler keeps its jobs: MEMORY (one instance) or JDBC (PostgreSQL, shared by several instances)")
    public MaintenanceConfig setJobStore(JobStoreType jobStore)
    {
        this.jobStore = jobStore;
        return this;
    }

    public Optional<String> getJobStoreJdbcUrl()
    {
        return Optional.ofNullable(jobStoreJdbcUrl);
    }

    @Config("maintenance.job-store.jdbc-url")
    @ConfigDescription("JDBC URL of the PostgreSQL database of the JDBC job store, e.g. jdbc:postgresql://127.0.0.1:5432/maintenance")
    public MaintenanceConfig setJobStoreJdbcUrl(String jobStoreJdbcUrl)
    {
        this.jobStoreJdbcUrl = jobStoreJdbcUrl;
        return this;
    }

    @AssertTrue(message = "maintenance.job-store=JDBC needs maintenance.job-store.jdbc-url (and usually .jdbc-user and .jdbc-password)")
    public boolean isJobStoreJdbcUrlSetWhenNeeded()
    {
        return jobStore != JobStoreType.JDBC || jobStoreJdbcUrl != null;
    }

    public Optional<String> getJobStoreJdbcUser()
    {
        return Optional.ofNullable(jobStoreJdbcUser);
    }

    @Config("maintenance.job-store.jdbc-user")
    @ConfigDescription("User of the JDBC job store's database")
    public MaintenanceConfig setJobStoreJdbcUser(String jobStoreJdbcUser)
    {
        this.jobStoreJdbcUser = jobStoreJdbcUser;
        return this;
    }

    public Optional<String> getJobStoreJdbcPassword()
    {
        return Optional.ofNullable(jobStoreJdbcPassword);
    }

    @Config("maintenance.job-store.jdbc-password")
    @ConfigSecuritySensitive
    @ConfigDescription("Password of the JDBC job store's database")
    public MaintenanceConfig setJobStoreJdbcPassword(String jobStoreJdbcPassword)
    {
        this.jobStoreJdbcPassword = jobStoreJdbcPassword;
        return this;
    }

    @Min(1)
    public int getMaxConcurrentJobs()
    {
        return maxConcurrentJobs;
    }

    @Config("maintenance.max-concurrent-jobs")
    @ConfigDescription("How many maintenance jobs this instance runs at the same time")
    public MaintenanceConfig setMaxConcurrentJobs(int maxConcurrentJobs)
    {
        this.maxConcurrentJobs = maxConcurrentJobs;
        return this;
    }

    @NotNull
    @MinDuration("1m")
    public Duration getJobTimeout()
    {
        return jobTimeout;
    }

    @Config("maintenance.job-timeout")
    @ConfigDescription("A maintenance job running longer than this is cancelled")
    public MaintenanceConfig setJobTimeout(Duration jobTimeout)
    {
        this.jobTimeout = jobTimeout;
        return this;
    }

    public boolean isEnabledByDefault()
    {
        return enabledByDefault;
    }

    @Config("maintenance.enabled-by-default")
    @ConfigDescription("Whether tables that do not set maintenance_enabled are maintained")
    public MaintenanceConfig setEnabledByDefault(boolean enabledByDefault)
    {
        this.enabledByDefault = enabledByDefault;
        return this;
    }

    @NotNull
    @MinDataSize("1MB")
    public DataSize getTargetFileSize()
    {
        return targetFileSize;
    }

    @Config("maintenance.target-file-size")
    @ConfigDescription("Size compaction and clustering aim for in tables that do not set maintenance_target_file_size")
    public MaintenanceConfig setTargetFileSize(DataSize targetFileSize)
    {
        this.targetFileSize = targetFileSize;
        return this;
    }

    @Min(0)
    public int getClusteringMaxOverlapDepth()
    {
        return clusteringMaxOverlapDepth;
    }

    @Config("maintenance.clustering.max-overlap-depth")
    @ConfigDescription("How many other clustering runs may overlap a clustered file before the service merges runs")
    public MaintenanceConfig setClusteringMaxOverlapDepth(int clusteringMaxOverlapDepth)
    {
        this.clusteringMaxOverlapDepth = clusteringMaxOverlapDepth;
        return this;
    }

    @Min(1)
    public int getClusteringStableRunFiles()
    {
        return clusteringStableRunFiles;
    }

    @Config("maintenance.clustering.stable-run-files")
    @ConfigDescription("A clustering run of at least this many target-size files is never merged again")
    public MaintenanceConfig setClusteringStableRunFiles(int clusteringStableRunFiles)
    {
        this.clusteringStableRunFiles = clusteringStableRunFiles;
        return this;
    }

    @Min(1)
    public int getClusteringMinUnclusteredFiles()
    {
        return clusteringMinUnclusteredFiles;
    }

    @Config("maintenance.clustering.min-unclustered-files")
    @ConfigDescription("How many unclustered files of a clustered table start a clustering (as do 0.75 x the target size of them, or one an hour old)")
    public MaintenanceConfig setClusteringMinUnclusteredFiles(int clusteringMinUnclusteredFiles)
    {
        this.clusteringMinUnclusteredFiles = clusteringMinUnclusteredFiles;
        return this;
    }
}
