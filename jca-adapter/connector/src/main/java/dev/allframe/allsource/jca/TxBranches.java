package dev.allframe.allsource.jca;

import javax.transaction.xa.Xid;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Pending work of the XA branches of one engine, keyed by xid, so that the transaction manager
 * may end, prepare and commit a branch through any XAResource of the same engine.
 */
final class TxBranches {
    private final ConcurrentMap<String, PendingAppends> branches = new ConcurrentHashMap<>();

    PendingAppends create(Xid xid) {
        PendingAppends p = new PendingAppends();
        return branches.putIfAbsent(XidCodec.encode(xid), p) == null ? p : null;
    }

    PendingAppends get(Xid xid) {
        return branches.get(XidCodec.encode(xid));
    }

    PendingAppends remove(Xid xid) {
        return branches.remove(XidCodec.encode(xid));
    }
}
