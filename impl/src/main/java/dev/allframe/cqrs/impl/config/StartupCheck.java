package dev.allframe.cqrs.impl.config;

import dev.allframe.cqrs.AggregateLoader;
import dev.allframe.cqrs.CatchUpSubscriptions;
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

    @Inject
    AggregateLoader aggregates;

    @Inject
    CatchUpSubscriptions subscriptions;

    @PostConstruct
    void openStore() {
        store.lastPosition();
        // client proxies: calling a method creates the beans, which parses their config keys now
        aggregates.toString();
        subscriptions.toString();
    }
}
