package dev.allframe.allsource.jca;

import dev.allframe.allsource.AllSourceException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;

/** Resource-local transaction: buffers the appends and commits them as one atomic append. */
final class AllSourceLocalTransaction implements LocalTransaction {
    private final AllSourceManagedConnection mc;
    private PendingAppends pending;

    AllSourceLocalTransaction(AllSourceManagedConnection mc) {
        this.mc = mc;
    }

    @Override
    public void begin() throws ResourceException {
        if (pending != null) throw new LocalTransactionException("AllSource local transaction already active");
        pending = new PendingAppends();
        mc.associate(pending);
    }

    @Override
    public void commit() throws ResourceException {
        PendingAppends p = finish();
        try {
            if (!p.isEmpty()) mc.shared().engine().append(p.requests());
        } catch (AllSourceException e) {
            throw new LocalTransactionException("AllSource commit failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void rollback() throws ResourceException {
        finish();
    }

    private PendingAppends finish() throws LocalTransactionException {
        PendingAppends p = pending;
        if (p == null) throw new LocalTransactionException("no AllSource local transaction active");
        pending = null;
        mc.associate(null);
        return p;
    }
}
