package dev.allframe.allsource.jca;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.AllSourceException;
import dev.allframe.allsource.WrongExpectedVersionException;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * XA branch of an AllSource connection. Appends are buffered per xid; {@code prepare} writes a
 * durable prepare record (reserving the streams), {@code commit} makes the events visible and
 * assigns their positions in commit order, {@code rollback} discards them. A one-phase commit
 * skips the prepare record. {@code recover} lists prepared branches left undecided by a crash.
 */
final class AllSourceXAResource implements XAResource {
    private static final Logger LOG = Logger.getLogger(AllSourceXAResource.class.getName());

    private final AllSourceManagedConnection mc;
    private int timeout;

    AllSourceXAResource(AllSourceManagedConnection mc) {
        this.mc = mc;
    }

    private SharedEngine shared() {
        return mc.shared();
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        PendingAppends branch;
        if ((flags & (TMJOIN | TMRESUME)) != 0) {
            branch = shared().branches().get(xid);
            if (branch == null) throw xa(XAException.XAER_NOTA, "unknown branch " + XidCodec.encode(xid));
        } else {
            branch = shared().branches().create(xid);
            if (branch == null) throw xa(XAException.XAER_DUPID, "branch already started " + XidCodec.encode(xid));
        }
        mc.associate(branch);
    }

    @Override
    public void end(Xid xid, int flags) {
        mc.associate(null);
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        PendingAppends branch = shared().branches().get(xid);
        if (branch == null) throw xa(XAException.XAER_NOTA, "unknown branch " + XidCodec.encode(xid));
        if (branch.isEmpty()) {
            shared().branches().remove(xid);
            return XA_RDONLY;
        }
        try {
            engine().prepare(XidCodec.encode(xid), branch.requests());
            branch.markPrepared();
            return XA_OK;
        } catch (WrongExpectedVersionException e) {
            shared().branches().remove(xid);
            throw xa(XAException.XA_RBINTEGRITY, e.getMessage(), e);
        } catch (AllSourceException e) {
            shared().branches().remove(xid);
            throw xa(XAException.XAER_RMERR, e.getMessage(), e);
        }
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        PendingAppends branch = shared().branches().remove(xid);
        try {
            if (onePhase) {
                if (branch == null) throw xa(XAException.XAER_NOTA, "unknown branch " + XidCodec.encode(xid));
                if (!branch.isEmpty()) engine().append(branch.requests());
            } else {
                String txId = XidCodec.encode(xid);
                // unknown or already decided (e.g. a commit retried after a lost reply): XAER_NOTA, as the TM expects
                if (!engine().inDoubt().contains(txId)) throw xa(XAException.XAER_NOTA, "no prepared branch " + txId);
                engine().commitPrepared(txId);
            }
        } catch (WrongExpectedVersionException e) {
            throw xa(XAException.XA_RBINTEGRITY, e.getMessage(), e);
        } catch (AllSourceException e) {
            mc.fatal(e);
            throw xa(XAException.XAER_RMERR, e.getMessage(), e);
        }
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        PendingAppends branch = shared().branches().remove(xid);
        String txId = XidCodec.encode(xid);
        try {
            if ((branch != null && branch.prepared()) || engine().inDoubt().contains(txId)) engine().rollbackPrepared(txId);
        } catch (AllSourceException e) {
            throw xa(XAException.XAER_RMERR, e.getMessage(), e);
        }
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        if ((flag & TMSTARTRSCAN) == 0) return new Xid[0];
        try {
            List<String> ids = engine().inDoubt();
            List<Xid> xids = ids.stream().map(XidCodec::decode).filter(Objects::nonNull).map(Xid.class::cast).toList();
            if (!xids.isEmpty()) LOG.info("ALLSOURCE-0120 " + xids.size() + " in-doubt transaction(s) in " + shared().directory());
            return xids.toArray(new Xid[0]);
        } catch (AllSourceException e) {
            throw xa(XAException.XAER_RMERR, e.getMessage(), e);
        }
    }

    @Override
    public void forget(Xid xid) {
        shared().branches().remove(xid);
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other instanceof AllSourceXAResource o && o.shared() == shared();
    }

    @Override
    public int getTransactionTimeout() {
        return timeout;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        timeout = seconds;
        return true;
    }

    private AllSource engine() {
        return shared().engine();
    }

    private static XAException xa(int code, String message) {
        return xa(code, message, null);
    }

    private static XAException xa(int code, String message, Throwable cause) {
        XAException e = new XAException("AllSource: " + message);
        e.errorCode = code;
        if (cause != null) e.initCause(cause);
        return e;
    }
}
