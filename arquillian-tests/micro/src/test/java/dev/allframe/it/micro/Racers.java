package dev.allframe.it.micro;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;

import javax.naming.InitialContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Starts writers at the same instant, each in its own JTA transaction, and counts those that committed. */
final class Racers {
    private Racers() {
    }

    /** The work of writer {@code n} inside its transaction. */
    interface Work {
        void run(int n) throws Exception;
    }

    /**
     * Runs {@code writers} transactions concurrently on managed threads; a writer whose work throws
     * a runtime exception, or whose commit rolls back, has lost.
     *
     * @return how many transactions committed
     */
    static int committed(ManagedExecutorService executor, int writers, Work work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int writer = i;
            results.add(executor.submit(() -> {
                UserTransaction ut = (UserTransaction) new InitialContext().lookup("java:comp/UserTransaction");
                start.await();
                ut.begin();
                try {
                    work.run(writer);
                    ut.commit();
                    return true;
                } catch (RuntimeException | RollbackException e) {
                    if (ut.getStatus() != Status.STATUS_NO_TRANSACTION) ut.rollback();
                    return false;
                }
            }));
        }
        start.countDown();
        int committed = 0;
        for (Future<Boolean> f : results) if (f.get(60, TimeUnit.SECONDS)) committed++;
        return committed;
    }
}
