package dev.allframe.cqrs.impl.store.memory;

import dev.allframe.cqrs.spi.CheckpointStorage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Checkpoints in memory (lost on restart: subscriptions then start again from position 1). */
public class MemoryCheckpointStorage implements CheckpointStorage {
    private final Map<String, Long> positions = new ConcurrentHashMap<>();

    @Override
    public long load(String subscription) {
        return positions.getOrDefault(subscription, 0L);
    }

    @Override
    public void save(String subscription, long position) {
        positions.put(subscription, position);
    }
}
