package dev.allframe.it.micro;

import dev.allframe.cqrs.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what CDI delivers after commit. */
@ApplicationScoped
public class PingObserver {
    private final List<EventEnvelope<PingSent>> seen = new CopyOnWriteArrayList<>();

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventEnvelope<PingSent> e) {
        seen.add(e);
    }

    private final List<ItemRenamed> renames = new CopyOnWriteArrayList<>();

    void onRename(@Observes EventEnvelope<ItemRenamed> e) {
        renames.add(e.payload());
    }

    public List<ItemRenamed> renames() {
        return List.copyOf(renames);
    }

    public List<EventEnvelope<PingSent>> seen() {
        return List.copyOf(seen);
    }
}
