package dev.allframe.it.micro.chaingap;

import dev.allframe.cqrs.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Makes ParcelMoved known to the CDI extension at deployment (through the observed payload type). */
@ApplicationScoped
public class ParcelObserver {
    void on(@Observes EventEnvelope<ParcelMoved> e) {
        // only its type matters here
    }
}
