package dev.allframe.cqrs.impl.store.memory;

import dev.allframe.cqrs.spi.SnapshotStorage;
import dev.allframe.cqrs.spi.StoredSnapshot;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Snapshots in memory (lost on restart). */
public class MemorySnapshotStorage implements SnapshotStorage {
    private final Map<String, StoredSnapshot> latest = new ConcurrentHashMap<>();

    @Override
    public void save(StoredSnapshot s) {
        latest.merge(s.stream(), s, (old, now) -> now.version() > old.version() ? now : old);
    }

    @Override
    public Optional<StoredSnapshot> load(String stream) {
        return Optional.ofNullable(latest.get(stream));
    }
}
