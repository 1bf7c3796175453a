package dev.allframe.it.micro;

import dev.allframe.cqrs.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the notes CDI delivers after commit. */
@ApplicationScoped
public class NoteObserver {
    private final List<EventEnvelope<Note>> seen = new CopyOnWriteArrayList<>();

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventEnvelope<Note> e) {
        seen.add(e);
    }

    public List<EventEnvelope<Note>> seenOn(String stream) {
        return seen.stream().filter(e -> e.stream().equals(stream)).toList();
    }
}
