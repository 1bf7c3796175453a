package dev.allframe.cqrs.impl.store.allsource;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.AllSourceOptions;
import dev.allframe.allsource.FsyncPolicy;
import dev.allframe.cqrs.impl.store.DurableEventStorageEngineContract;
import dev.allframe.cqrs.spi.EventStorageEngine;
import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.NewEvent;
import dev.allframe.cqrs.impl.delivery.CdiEventDelivery;
import dev.allframe.cqrs.impl.store.DefaultEventStore;
import dev.allframe.cqrs.impl.store.EventSerializer;
import dev.allframe.cqrs.impl.store.EventTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AllSource backend ({@link AllSourceStorageEngine}) on a real, durable engine in
 * {@code target/}, opened with {@code AllSource.open} (fsync always), passes the contract.
 */
class AllSourceStorageEngineTest extends DurableEventStorageEngineContract {
    private AllSource engine;
    private Path dir;

    @Override
    protected EventStorageEngine newEngine() {
        dir = Path.of("target", "allsource-contract", UUID.randomUUID().toString()).toAbsolutePath();
        return open();
    }

    private EventStorageEngine open() {
        engine = AllSource.open(AllSourceOptions.builder(dir).fsync(FsyncPolicy.ALWAYS).build());
        return new AllSourceStorageEngine(new EngineConnectionFactory(engine, dir.toString()));
    }

    @Override
    protected EventStorageEngine reopen() {
        engine.close();
        return open();
    }

    @Override
    protected boolean reportsAlreadyStoredForRacingRetries() {
        return false;
    }

    @Test
    void anIdempotentRetryIsNotDeliveredToObserversAgain() {
        List<EventEnvelope<?>> fired = new ArrayList<>();
        DefaultEventStore delivering = new DefaultEventStore(super.engine, new EventSerializer(new EventTypes()),
                new CdiEventDelivery(Optional.empty(), fired::add));
        NewEvent once = NewEvent.of(UUID.randomUUID(), new Opened("once", ""));
        delivering.append("retried", ExpectedVersion.NO_STREAM, once);
        delivering.append("other", ExpectedVersion.NO_STREAM, new Opened("other", ""));

        AppendResult retry = delivering.append("retried", ExpectedVersion.NO_STREAM, once);

        assertThat(retry).isEqualTo(new AppendResult("retried", 1, 1, 1, 1, true));
        assertThat(fired).extracting(e -> (Object) e.payload()).containsExactly(new Opened("once", ""), new Opened("other", ""));
    }

    @AfterEach
    void close() {
        engine.close();
    }
}
