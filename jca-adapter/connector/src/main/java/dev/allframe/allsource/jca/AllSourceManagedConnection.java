package dev.allframe.allsource.jca;

import dev.allframe.allsource.AllSourceException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;

/** A pooled physical connection to a shared AllSource engine, with its XA and local transaction. */
final class AllSourceManagedConnection implements ManagedConnection {
    private final AllSourceManagedConnectionFactory mcf;
    private final SharedEngine shared;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<AllSourceConnectionHandle> handles = new CopyOnWriteArraySet<>();
    private final AllSourceXAResource xaResource = new AllSourceXAResource(this);
    private final AllSourceLocalTransaction localTransaction = new AllSourceLocalTransaction(this);
    private volatile PendingAppends current;
    private volatile boolean broken;
    private PrintWriter logWriter;

    AllSourceManagedConnection(AllSourceManagedConnectionFactory mcf, SharedEngine shared) {
        this.mcf = mcf;
        this.shared = shared;
    }

    SharedEngine shared() {
        return shared;
    }

    AllSourceManagedConnectionFactory factory() {
        return mcf;
    }

    /** The transaction branch whose appends this connection currently buffers, or null (auto-commit). */
    PendingAppends current() {
        return current;
    }

    void associate(PendingAppends pending) {
        this.current = pending;
    }

    boolean usable() {
        return !broken;
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        if (broken) throw new ResourceException("AllSource connection to " + shared.directory() + " is broken; the pool must discard it");
        AllSourceConnectionHandle h = new AllSourceConnectionHandle(this);
        handles.add(h);
        return h;
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof AllSourceConnectionHandle h))
            throw new ResourceException("not an AllSource connection handle: " + connection);
        h.reassign(this);
        handles.add(h);
    }

    void moveAway(AllSourceConnectionHandle h) {
        handles.remove(h);
    }

    void closed(AllSourceConnectionHandle h) {
        handles.remove(h);
        ConnectionEvent ev = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        ev.setConnectionHandle(h);
        for (ConnectionEventListener l : listeners) l.connectionClosed(ev);
    }

    /** Reports an engine failure to the pool so that it destroys this connection. */
    void fatal(AllSourceException e) {
        if (broken) return;
        broken = true;
        ConnectionEvent ev = new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED, e);
        for (ConnectionEventListener l : listeners) l.connectionErrorOccurred(ev);
    }

    @Override
    public void cleanup() {
        for (AllSourceConnectionHandle h : handles) h.invalidate();
        handles.clear();
        current = null;
    }

    @Override
    public void destroy() {
        cleanup();
        listeners.clear();
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener l) {
        listeners.add(l);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener l) {
        listeners.remove(l);
    }

    @Override
    public XAResource getXAResource() {
        return xaResource;
    }

    @Override
    public LocalTransaction getLocalTransaction() {
        return localTransaction;
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override public String getEISProductName() { return "AllSource"; }
            @Override public String getEISProductVersion() { return "0.1"; }
            @Override public int getMaxConnections() { return 0; }
            @Override public String getUserName() { return ""; }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }
}
