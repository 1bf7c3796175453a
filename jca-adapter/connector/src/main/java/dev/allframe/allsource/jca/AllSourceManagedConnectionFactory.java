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
 * or the server's connector-connection-pool). A property left empty falls back to the system
 * property {@code allframe.allsource.<key>}, then the environment variable
 * {@code ALLFRAME_ALLSOURCE_<KEY>}, then the built-in default (see {@link Settings}).
 */
@ConnectionDefinition(connectionFactory = AllSourceConnectionFactory.class,
        connectionFactoryImpl = AllSourceConnectionFactoryImpl.class,
        connection = AllSourceConnection.class,
        connectionImpl = AllSourceConnectionHandle.class)
public class AllSourceManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation, TransactionSupport {
    private static final long serialVersionUID = 1L;
    @ConfigProperty(defaultValue = "", description = "Data directory; empty: allframe.allsource.dir (system property / ALLFRAME_ALLSOURCE_DIR), else data/allsource under the working directory")
    private String dataDirectory = "";
    @ConfigProperty(defaultValue = "", description = "fsync policy: always (durable before acknowledged; default), interval (a machine crash may lose the last interval), never (tests only); empty: allframe.allsource.fsync")
    private String fsync = "";
    @ConfigProperty(defaultValue = "", description = "fsync interval in milliseconds for fsync=interval (default 100); empty: allframe.allsource.fsync-interval-millis")
    private String fsyncIntervalMillis = "";
    @ConfigProperty(defaultValue = "", description = "WAL segment size in bytes before rotation (default 67108864); empty: allframe.allsource.segment-size")
    private String segmentSize = "";
    @ConfigProperty(defaultValue = "", description = "Convert sealed WAL segments to Parquet history files (default true); empty: allframe.allsource.parquet-rollover")
    private String parquetRollover = "";
    @ConfigProperty(defaultValue = "", description = "Newest sealed WAL segments kept after conversion to Parquet history files; older ones are deleted and read from their history file (default -1: keep all); empty: allframe.allsource.keep-sealed-segments")
    private String keepSealedSegments = "";
    @ConfigProperty(defaultValue = "", description = "On corruption in the middle of the log, move the damaged bytes to a quarantine file and open instead of refusing to open (default false); empty: allframe.allsource.quarantine")
    private String quarantine = "";
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
            } catch (dev.allframe.allsource.CorruptLogException e) {
                throw new ResourceException("cannot open the AllSource store " + describe() + ": " + e.getMessage()
                        + ". Nothing was changed. To open it anyway, moving the damaged bytes to its quarantine/ folder"
                        + " (the events they held are lost; nothing is deleted), set the resource adapter property"
                        + " quarantine=true or start the server with -Dallframe.allsource.quarantine=true", e);
            } catch (AllSourceException | IllegalArgumentException e) {
                throw new ResourceException("cannot open the AllSource store " + describe() + ": " + e.getMessage(), e);
            }
            if (resourceAdapter instanceof AllSourceResourceAdapter ra) ra.track(lease);
        }
        return lease.shared();
    }

    AllSourceOptions options() throws InvalidPropertyException {
        Settings.Value fsyncValue = Settings.resolve("fsync", fsync, "fsync", "always");
        FsyncPolicy policy;
        try {
            policy = FsyncPolicy.valueOf(fsyncValue.text().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException(fsyncValue.source() + " must be always, interval or never, was '" + fsyncValue.text() + "'");
        }
        try {
            return AllSourceOptions.builder(Path.of(resolvedDirectory()))
                    .fsync(policy)
                    .fsyncInterval(Duration.ofMillis(Settings.resolve("fsyncIntervalMillis", fsyncIntervalMillis,
                            "fsync-interval-millis", "100").asLong(1)))
                    .segmentSize(Settings.resolve("segmentSize", segmentSize, "segment-size",
                            Long.toString(AllSourceOptions.DEFAULT_SEGMENT_SIZE)).asLong(4096))
                    .parquetRollover(Settings.resolve("parquetRollover", parquetRollover, "parquet-rollover", "true").asBoolean())
                    .quarantine(Settings.resolve("quarantine", quarantine, "quarantine", "false").asBoolean())
                    .keepSealedSegments(Settings.resolve("keepSealedSegments", keepSealedSegments, "keep-sealed-segments",
                            Integer.toString(AllSourceOptions.DEFAULT_KEEP_SEALED_SEGMENTS)).asInt(AllSourceOptions.KEEP_ALL))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException(e.getMessage());
        }
    }

    String resolvedDirectory() {
        return Settings.resolve("dataDirectory", dataDirectory, "dir", "data/allsource").text();
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

    public String getFsyncIntervalMillis() { return fsyncIntervalMillis; }

    public void setFsyncIntervalMillis(String v) { this.fsyncIntervalMillis = v; }

    public String getSegmentSize() { return segmentSize; }

    public void setSegmentSize(String v) { this.segmentSize = v; }

    public String getParquetRollover() { return parquetRollover; }

    public void setParquetRollover(String v) { this.parquetRollover = v; }

    public String getKeepSealedSegments() { return keepSealedSegments; }

    public void setKeepSealedSegments(String v) { this.keepSealedSegments = v; }

    public String getQuarantine() { return quarantine; }

    public void setQuarantine(String v) { this.quarantine = v; }

    public String getTransactionSupportLevel() { return transactionSupportLevel; }

    public void setTransactionSupportLevel(String v) { this.transactionSupportLevel = v; }

    // JCA requires JavaBean equality over the configuration properties.
    @Override
    public boolean equals(Object o) {
        return o instanceof AllSourceManagedConnectionFactory m && Objects.equals(dataDirectory, m.dataDirectory)
                && Objects.equals(fsync, m.fsync) && Objects.equals(fsyncIntervalMillis, m.fsyncIntervalMillis)
                && Objects.equals(segmentSize, m.segmentSize) && Objects.equals(parquetRollover, m.parquetRollover)
                && Objects.equals(quarantine, m.quarantine)
                && Objects.equals(keepSealedSegments, m.keepSealedSegments) && Objects.equals(transactionSupportLevel, m.transactionSupportLevel);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataDirectory, fsync, fsyncIntervalMillis, segmentSize, parquetRollover, quarantine, keepSealedSegments, transactionSupportLevel);
    }
}
