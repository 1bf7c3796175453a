package dev.allframe.allsource.jca;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.NotSupportedException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import javax.transaction.xa.XAResource;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The AllSource resource adapter. Deploy {@code allsource.rar}; applications then define a
 * connection factory with {@code @ConnectionFactoryDefinition(interfaceName =
 * "dev.allframe.allsource.client.AllSourceConnectionFactory", resourceAdapter = "allsource-ra",
 * transactionSupport = XATransaction)}. Engine settings are properties of the connection factory
 * ({@link AllSourceManagedConnectionFactory}). Stopping the adapter flushes, fsyncs and closes
 * every engine it opened.
 */
@Connector(displayName = "AllSource", vendorName = "AllFrame", eisType = "AllSource event store",
        version = "0.1", transactionSupport = TransactionSupport.TransactionSupportLevel.XATransaction,
        description = "Durable event store (write-ahead log + Parquet history) with XA transactions")
public class AllSourceResourceAdapter implements ResourceAdapter {
    private static final Logger LOG = Logger.getLogger(AllSourceResourceAdapter.class.getName());

    private final List<SharedEngine.Lease> leases = new ArrayList<>();

    @Override
    public void start(BootstrapContext ctx) {
        LOG.info("ALLSOURCE-0100 AllSource resource adapter started");
    }

    @Override
    public void stop() {
        List<SharedEngine.Lease> toRelease;
        synchronized (leases) {
            toRelease = new ArrayList<>(leases);
            leases.clear();
        }
        for (SharedEngine.Lease lease : toRelease) lease.release();
        LOG.info("ALLSOURCE-0101 AllSource resource adapter stopped; released " + toRelease.size() + " engine lease(s)");
    }

    /** Records an engine lease so that {@link #stop()} releases it. */
    void track(SharedEngine.Lease lease) {
        synchronized (leases) {
            leases.add(lease);
        }
    }

    @Override
    public void endpointActivation(MessageEndpointFactory f, ActivationSpec spec) throws ResourceException {
        throw new NotSupportedException("AllSource has no inbound (message) endpoints");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory f, ActivationSpec spec) {
        // no inbound endpoints
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0]; // no inbound endpoints; outbound recovery goes through the managed connections
    }

    // JCA requires JavaBean equality; an adapter instance is equal only to itself.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
