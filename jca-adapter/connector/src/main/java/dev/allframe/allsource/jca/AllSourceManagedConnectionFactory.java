package dev.allframe.allsource.jca;

import dev.allframe.allsource.AllSourceException;
import dev.allframe.allsource.AllSourceOptions;
import dev.allframe.allsource.FsyncPolicy;
import dev.allframe.allsource.client.AllSourceConnection;
import dev.allframe.allsource.client.AllSourceConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.TransactionSupport;

import javax.security.auth.Subject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Outbound connection definition of the AllSource adapter. Its properties configure the engine
 * (set them in {@code @ConnectionFactoryDefinition(properties = {"dataDirectory=/var/allsource"})}
 * or the server's connector-connection-pool). When {@code dataDirectory} is empty the system
 * property (or MicroProfile Config key) {@code allframe.allsource.dir} is used, else {@code ./data/allsource}.
 */
@ConnectionDefinition(connectionFactory = AllSourceConnectionFactory.class,
        connectionFactoryImpl = AllSourceConnectionFactoryImpl.class,
        connection = AllSourceConnection.class,
        connectionImpl = AllSourceConnectionHandle.class)
public class AllSourceManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation, TransactionSupport {
    private static final long serialVersionUID = 1L;
    /** System property / environment fallback for the data directory. */
    public static final String DIR_PROPERTY = "allframe.allsource.dir";

    @ConfigProperty(defaultValue = "", description = "Data directory of the store; empty: system property allframe.allsource.dir, else ./data/allsource")
    private String dataDirectory = "";
    @ConfigProperty(defaultValue = "always", description = "fsync policy: always (durable before acknowledged), interval (may lose the last interval on a machine crash), never (tests only)")
    private String fsync = "always";
    @ConfigProperty(defaultValue = "100", description = "fsync interval in milliseconds for fsync=interval")
    private Long fsyncIntervalMillis = 100L;
    @ConfigProperty(defaultValue = "67108864", description = "WAL segment size in bytes before rotation")
    private Long segmentSize = AllSourceOptions.DEFAULT_SEGMENT_SIZE;
    @ConfigProperty(defaultValue = "true", description = "Convert sealed WAL segments to Parquet history files")
    private Boolean parquetRollover = true;
    @ConfigProperty(defaultValue = "false", description = "On corruption in the middle of the log, move the damaged bytes to a quarantine file and open, instead of refusing to open")
    private Boolean quarantine = false;
    @ConfigProperty(defaultValue = "XATransaction", description = "XATransaction, LocalTransaction or NoTransaction")
    private String transactionSupportLevel = "XATransaction";

    private transient ResourceAdapter resourceAdapter;
    private transient SharedEngine.Lease lease;
    private transient PrintWriter logWriter;

    @Override
    public Object createConnectionFactory(ConnectionManager cm) {
        return new AllSourceConnectionFactoryImpl(this, cm);
    }

    @Override
    public Object createConnectionFactory() throws ResourceException {
        throw new ResourceException("AllSource connections are managed by the application server; use its connection factory");
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        return new AllSourceManagedConnection(this, shared());
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo info) {
        for (Object o : candidates) {
            if (o instanceof AllSourceManagedConnection mc && mc.factory() == this && mc.usable()) return mc;
        }
        return null;
    }

    /** The shared engine for this factory's directory, opened on first use. */
    synchronized SharedEngine shared() throws ResourceException {
        if (lease == null) {
            try {
                lease = SharedEngine.acquire(options());
            } catch (AllSourceException | IllegalArgumentException e) {
                throw new ResourceException("cannot open AllSource store " + describe() + ": " + e.getMessage(), e);
            }
            if (resourceAdapter instanceof AllSourceResourceAdapter ra) ra.track(lease);
        }
        return lease.shared();
    }

    AllSourceOptions options() throws InvalidPropertyException {
        FsyncPolicy policy;
        try {
            policy = FsyncPolicy.valueOf(fsync.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException("fsync must be always, interval or never, was '" + fsync + "'");
        }
        try {
            return AllSourceOptions.builder(Path.of(resolvedDirectory()))
                    .fsync(policy)
                    .fsyncInterval(Duration.ofMillis(fsyncIntervalMillis))
                    .segmentSize(segmentSize)
                    .parquetRollover(parquetRollover)
                    .quarantine(quarantine)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException(e.getMessage());
        }
    }

    String resolvedDirectory() {
        if (dataDirectory != null && !dataDirectory.isBlank()) return dataDirectory;
        String p = System.getProperty(DIR_PROPERTY);
        if (p == null || p.isBlank()) p = System.getenv("ALLFRAME_ALLSOURCE_DIR");
        return p == null || p.isBlank() ? "data/allsource" : p;
    }

    String describe() {
        return "in " + Path.of(resolvedDirectory()).toAbsolutePath().normalize();
    }

    @Override
    public TransactionSupportLevel getTransactionSupport() {
        try {
            return TransactionSupportLevel.valueOf(transactionSupportLevel.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("transactionSupport must be XATransaction, LocalTransaction or NoTransaction, was '"
                    + transactionSupportLevel + "'");
        }
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) {
        this.resourceAdapter = ra;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    public String getDataDirectory() { return dataDirectory; }

    public void setDataDirectory(String v) { this.dataDirectory = v; }

    public String getFsync() { return fsync; }

    public void setFsync(String v) { this.fsync = v; }

    public Long getFsyncIntervalMillis() { return fsyncIntervalMillis; }

    public void setFsyncIntervalMillis(Long v) { this.fsyncIntervalMillis = v; }

    public Long getSegmentSize() { return segmentSize; }

    public void setSegmentSize(Long v) { this.segmentSize = v; }

    public Boolean getParquetRollover() { return parquetRollover; }

    public void setParquetRollover(Boolean v) { this.parquetRollover = v; }

    public Boolean getQuarantine() { return quarantine; }

    public void setQuarantine(Boolean v) { this.quarantine = v; }

    public String getTransactionSupportLevel() { return transactionSupportLevel; }

    public void setTransactionSupportLevel(String v) { this.transactionSupportLevel = v; }

    // JCA requires JavaBean equality over the configuration properties.
    @Override
    public boolean equals(Object o) {
        return o instanceof AllSourceManagedConnectionFactory m && Objects.equals(dataDirectory, m.dataDirectory)
                && Objects.equals(fsync, m.fsync) && Objects.equals(fsyncIntervalMillis, m.fsyncIntervalMillis)
                && Objects.equals(segmentSize, m.segmentSize) && Objects.equals(parquetRollover, m.parquetRollover)
                && Objects.equals(quarantine, m.quarantine) && Objects.equals(transactionSupportLevel, m.transactionSupportLevel);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataDirectory, fsync, fsyncIntervalMillis, segmentSize, parquetRollover, quarantine, transactionSupportLevel);
    }
}
