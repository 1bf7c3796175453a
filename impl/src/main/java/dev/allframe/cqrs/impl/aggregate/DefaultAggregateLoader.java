package dev.allframe.cqrs.impl.aggregate;

import dev.allframe.cqrs.Aggregate;
import dev.allframe.cqrs.AggregateLoader;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.EventStore;
import dev.allframe.cqrs.ReadOptions;
import dev.allframe.cqrs.Snapshot;
import dev.allframe.cqrs.SnapshotStore;

import dev.allframe.cqrs.impl.store.EventTypes;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Latest snapshot + the events after it, read in pages. A new snapshot is saved when at least
 * {@code threshold} committed events were replayed on top of the old one. Events of the current,
 * uncommitted transaction (position 0) are applied but never go into a snapshot, so a rollback
 * cannot leave a snapshot of events that do not exist.
 */
public class DefaultAggregateLoader implements AggregateLoader {
    static final int PAGE = 512;
    private final EventStore store;
    private final SnapshotStore snapshots;
    private final int threshold;
    private final EventTypes types;
    private final Set<Class<?>> seen = ConcurrentHashMap.newKeySet();

    /**
     * @param types where the {@code @Event} classes of a state class's methods ({@code on(AccountOpened e)})
     *              are registered on its first load, so its events read back typed
     */
    public DefaultAggregateLoader(EventStore store, SnapshotStore snapshots, int threshold, EventTypes types) {
        if (threshold < 1) throw new IllegalArgumentException("snapshot threshold must be >= 1, was " + threshold);
        this.types = types;
        this.store = store;
        this.snapshots = snapshots;
        this.threshold = threshold;
    }

    public int threshold() {
        return threshold;
    }

    @Override
    public <S> Aggregate<S> load(String stream, Class<S> type, S initial, BiFunction<S, Object, S> apply) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(apply, "apply");
        if (seen.add(type)) types.registerFromSignatures(type);
        Optional<Snapshot<S>> snapshot = snapshots.load(stream, type);
        S state = snapshot.map(Snapshot::state).orElse(initial);
        long version = snapshot.map(Snapshot::version).orElse(0L);
        S committedState = state;
        long committedVersion = version;
        long replayedCommitted = 0;
        while (true) {
            List<EventEnvelope<?>> page = store.read(stream, ReadOptions.forwards().from(version + 1).max(PAGE));
            for (EventEnvelope<?> e : page) {
                state = apply.apply(state, e.payload());
                version = e.version();
                if (e.position() > 0) {
                    committedState = state;
                    committedVersion = version;
                    replayedCommitted++;
                }
            }
            if (page.size() < PAGE) break;
        }
        if (replayedCommitted >= threshold && committedState != null) snapshots.save(stream, committedVersion, committedState);
        return new Aggregate<>(stream, version, state);
    }
}
