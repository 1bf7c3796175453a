package dev.allframe.cqrs.impl.store;

import dev.allframe.cqrs.impl.store.memory.MemoryStorageEngine;
import dev.allframe.cqrs.spi.EventStorageEngine;

/** The in-memory backend passes the contract. */
class MemoryStorageEngineTest extends EventStorageEngineContract {
    @Override
    protected EventStorageEngine newEngine() {
        return new MemoryStorageEngine();
    }
}
