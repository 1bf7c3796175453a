package dev.allframe.allsource.benchmarks;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.AllSourceRegistry;
import dev.allframe.allsource.EventData;
import dev.allframe.allsource.ExpectedVersion;
import dev.allframe.allsource.FsyncPolicy;
import dev.allframe.allsource.client.AllSourceConnection;
import dev.allframe.allsource.client.AllSourceConnectionFactory;
import dev.allframe.allsource.client.NewRecord;
import dev.allframe.allsource.jca.AllSourceManagedConnectionFactory;
import dev.allframe.allsource.jca.AllSourceResourceAdapter;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cost of the JCA layer: single-event appends (auto-commit, no transaction) through the resource
 * adapter's connection API (connection from a per-thread "pool", as a server would hand out) versus
 * the engine called directly, on the same data directory, in the same run.
 * {@code fsync=never} shows the CPU overhead; {@code fsync=always} what a user sees.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g", "-XX:+UseTransparentHugePages"})
public class ConnectorOverheadBenchmark {

    @Param({"never", "always"})
    public String fsync;

    private Path dir;
    private AllSourceResourceAdapter adapter;
    private AllSourceConnectionFactory factory;
    private AllSource engine;

    @Setup(Level.Trial)
    public void open() throws ResourceException {
        dir = BenchData.newDirectory("connector-" + fsync, "never".equals(fsync));
        adapter = new AllSourceResourceAdapter();
        adapter.start(null);
        AllSourceManagedConnectionFactory mcf = new AllSourceManagedConnectionFactory();
        mcf.setDataDirectory(dir.toString());
        mcf.setFsync(fsync);
        mcf.setResourceAdapter(adapter);
        factory = (AllSourceConnectionFactory) mcf.createConnectionFactory(new PerThreadConnectionManager());
        try (AllSourceConnection c = factory.getConnection()) {
            c.lastPosition();   // opens the shared engine
        }
        // the very engine the adapter opened (one engine per directory in a JVM)
        engine = AllSourceRegistry.acquire(BenchData.options(dir, FsyncPolicy.valueOf(fsync.toUpperCase())));
    }

    @TearDown(Level.Trial)
    public void close() {
        engine.close();   // releases this handle; the adapter's stop() releases its own
        adapter.stop();
        BenchData.deleteTree(dir);
    }

    @Benchmark
    public Object engineDirect() {
        EventData e = BenchData.event(BenchData.PAYLOAD_250);
        return engine.append("direct-" + Thread.currentThread().getId(), ExpectedVersion.ANY, List.of(e));
    }

    @Benchmark
    public Object throughConnection() {
        EventData e = BenchData.event(BenchData.PAYLOAD_250);
        try (AllSourceConnection c = factory.getConnection()) {
            return c.append("jca-" + Thread.currentThread().getId(), ExpectedVersion.ANY,
                    List.of(new NewRecord(e.id(), e.type(), e.schemaVersion(), e.metadata(), e.payload())));
        }
    }

    /** The smallest ConnectionManager a server could be: one pooled managed connection per thread, no transactions. */
    static final class PerThreadConnectionManager implements ConnectionManager {
        private static final long serialVersionUID = 1L;
        private final transient ThreadLocal<ManagedConnection> pooled = new ThreadLocal<>();

        @Override
        public Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo info) throws ResourceException {
            ManagedConnection mc = pooled.get();
            if (mc == null) {
                mc = mcf.createManagedConnection(null, info);
                pooled.set(mc);
            }
            return mc.getConnection(null, info);
        }
    }
}
