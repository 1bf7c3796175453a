package dev.allframe.cqrs.impl.config;

import dev.allframe.cqrs.EventStore;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

/**
 * Opens the event store when the application starts, so a wrong backend setting or a missing
 * connection factory fails the deployment (naming the config key) rather than the first request.
 */
@Startup
@Singleton
public class StartupCheck {
    @Inject
    EventStore store;

    @PostConstruct
    void openStore() {
        store.lastPosition();
    }
}
