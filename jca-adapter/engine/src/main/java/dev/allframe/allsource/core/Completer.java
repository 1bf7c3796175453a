package dev.allframe.allsource.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Completes the futures of durable batches on its own thread, so that the log writer can start
 * the next write + fsync while the appenders of the previous batch are being woken up (and their
 * callbacks run). Batches are completed in the order they were handed over.
 */
final class Completer implements Runnable {
    private static final List<Op<?>> STOP = List.of();
    private final LinkedBlockingQueue<List<Op<?>>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    Completer(String name) {
        thread = new Thread(this, "allsource-completer " + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the calling thread is this completer (where append callbacks run). */
    boolean isCurrentThread() {
        return Thread.currentThread() == thread;
    }

    /** Hands over a batch (the list is owned by the completer afterwards). */
    void complete(List<Op<?>> batch) {
        queue.add(batch);
    }

    /** Completes what was handed over, then ends the thread and waits for it. */
    void stop() throws InterruptedException {
        queue.add(STOP);
        thread.join();
    }

    @Override
    public void run() {
        List<List<Op<?>>> batches = new ArrayList<>();
        while (true) {
            try {
                batches.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batches);
            for (List<Op<?>> b : batches) {
                if (b == STOP) return;
                for (int i = 0, n = b.size(); i < n; i++) b.get(i).complete();
            }
            batches.clear();
        }
    }
}
