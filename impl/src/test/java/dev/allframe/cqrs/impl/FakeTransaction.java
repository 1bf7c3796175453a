package dev.allframe.cqrs.impl;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of a JTA transaction manager for unit tests: one current transaction with status,
 * resources and interposed synchronizations; suspend/resume to interleave two transactions.
 */
public final class FakeTransaction implements TransactionSynchronizationRegistry {
    /** One transaction's state. */
    public static final class Tx {
        private int status = Status.STATUS_ACTIVE;
        private final Map<Object, Object> resources = new HashMap<>();
        private final List<Synchronization> syncs = new ArrayList<>();
    }

    private Tx current;

    public Tx begin() {
        if (current != null) throw new IllegalStateException("a transaction is active");
        current = new Tx();
        return current;
    }

    public Tx suspend() {
        Tx t = current;
        current = null;
        return t;
    }

    public void resume(Tx t) {
        current = t;
    }

    /**
     * Ends the current transaction like a transaction manager: on commit the synchronizations'
     * {@code beforeCompletion} run first, and if one throws the transaction rolls back and the
     * exception is rethrown after {@code afterCompletion(STATUS_ROLLEDBACK)}.
     */
    public void complete(int outcome) {
        Tx t = current;
        int result = outcome;
        RuntimeException failure = null;
        if (outcome == Status.STATUS_COMMITTED) {
            try {
                for (int i = 0; i < t.syncs.size(); i++) t.syncs.get(i).beforeCompletion();
            } catch (RuntimeException e) {
                failure = e;
                result = Status.STATUS_ROLLEDBACK;
            }
        }
        t.status = result;
        for (Synchronization s : t.syncs) s.afterCompletion(result);
        current = null;
        if (failure != null) throw failure;
    }

    @Override public Object getTransactionKey() { return current; }
    @Override public void putResource(Object key, Object value) { current.resources.put(key, value); }
    @Override public Object getResource(Object key) { return current.resources.get(key); }
    @Override public void registerInterposedSynchronization(Synchronization sync) { current.syncs.add(sync); }
    @Override public int getTransactionStatus() { return current == null ? Status.STATUS_NO_TRANSACTION : current.status; }
    @Override public void setRollbackOnly() { current.status = Status.STATUS_MARKED_ROLLBACK; }
    @Override public boolean getRollbackOnly() { return current != null && current.status == Status.STATUS_MARKED_ROLLBACK; }
}
