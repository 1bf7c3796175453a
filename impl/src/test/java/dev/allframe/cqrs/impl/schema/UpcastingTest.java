package dev.allframe.cqrs.impl.schema;

import dev.allframe.cqrs.Event;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.EventSchema;
import dev.allframe.cqrs.JsonEvent;
import dev.allframe.cqrs.UnknownEventTypeException;
import dev.allframe.cqrs.impl.store.DefaultEventStore;
import dev.allframe.cqrs.impl.store.EventIds;
import dev.allframe.cqrs.impl.store.EventSerializer;
import dev.allframe.cqrs.impl.store.EventTypes;
import dev.allframe.cqrs.impl.store.memory.MemoryStorageEngine;
import dev.allframe.cqrs.spi.SerializedEvent;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.allframe.cqrs.ExpectedVersion.ANY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpcastingTest {
    @Event(value = "Deposited", version = 3)
    public record Deposited(String account, long cents, String currency) {
    }

    private final Upcasters.Step v1toV2 = new Upcasters.Step("Deposited", 1,
            old -> Json.createObjectBuilder().add("account", old.getString("acct")).add("cents", old.getJsonNumber("amount").longValue() * 100).build());
    private final Upcasters.Step v2toV3 = new Upcasters.Step("Deposited", 2,
            old -> Json.createObjectBuilder(old).add("currency", "EUR").build());
    private final MemoryStorageEngine engine = new MemoryStorageEngine();
    private final EventTypes types = new EventTypes();

    private DefaultEventStore store(Upcasters upcasters) {
        types.register(Deposited.class);
        return new DefaultEventStore(engine, new EventSerializer(types, upcasters));
    }

    private void writeRaw(String stream, int version, String json) {
        engine.append(stream, ANY, List.of(new SerializedEvent(EventIds.next(), "Deposited", version, "", json)));
    }

    @Test
    void aVersionOneEventIsUpcastedThroughTheWholeChainOnEveryReadPath() {
        DefaultEventStore store = store(new Upcasters(List.of(v2toV3, v1toV2)));
        writeRaw("acc", 1, "{\"acct\":\"42\",\"amount\":5}");
        writeRaw("acc", 2, "{\"account\":\"42\",\"cents\":7}");
        store.append("acc", ANY, new Deposited("42", 9, "CHF"));

        List<EventEnvelope<?>> read = store.read("acc");
        assertThat(read).extracting(e -> (Object) e.payload()).containsExactly(
                new Deposited("42", 500, "EUR"), new Deposited("42", 7, "EUR"), new Deposited("42", 9, "CHF"));
        assertThat(read).extracting(EventEnvelope::schemaVersion).containsExactly(3, 3, 3);
        assertThat(store.readAll(1, 10)).extracting(e -> (Object) e.payload()).isEqualTo(read.stream().map(EventEnvelope::payload).toList());
        assertThat(store.readByType("Deposited", 1, 1)).extracting(e -> (Object) e.payload()).containsExactly(new Deposited("42", 500, "EUR"));
        assertThat(store.readAsOf("acc", 1)).extracting(e -> (Object) e.payload()).containsExactly(new Deposited("42", 500, "EUR"));
    }

    @Test
    void aGapInTheChainIsAClearErrorNamingTypeAndVersion() {
        DefaultEventStore store = store(new Upcasters(List.of(v2toV3)));
        writeRaw("acc", 1, "{\"acct\":\"42\",\"amount\":5}");

        assertThatThrownBy(() -> store.read("acc")).isInstanceOfSatisfying(UnknownEventTypeException.class, e -> {
            assertThat(e.type()).isEqualTo("Deposited");
            assertThat(e.schemaVersion()).isEqualTo(1);
        });
    }

    @Test
    void anEventNewerThanItsClassIsAClearErrorNotAPayloadMissingItsNewFields() {
        DefaultEventStore store = store(new Upcasters(List.of(v1toV2, v2toV3)));
        writeRaw("acc", 4, "{\"account\":\"42\",\"cents\":7,\"currency\":\"EUR\",\"fee\":1}");

        assertThatThrownBy(() -> store.read("acc")).isInstanceOfSatisfying(UnknownEventTypeException.class, e -> {
            assertThat(e.type()).isEqualTo("Deposited");
            assertThat(e.schemaVersion()).isEqualTo(4);
            assertThat(e).hasMessageContaining("position 1");
        });
    }

    @Test
    void typesWithoutAClassAreUpcastedToTheEndOfTheirChainAsJsonEvents() {
        EventTypes noClass = new EventTypes();
        DefaultEventStore store = new DefaultEventStore(engine, new EventSerializer(noClass, new Upcasters(List.of(v1toV2, v2toV3))));
        writeRaw("acc", 1, "{\"acct\":\"42\",\"amount\":5}");

        EventEnvelope<?> e = store.read("acc").get(0);
        assertThat(e.payload()).isEqualTo(new JsonEvent("Deposited", 3,
                Json.createObjectBuilder().add("account", "42").add("cents", 500).add("currency", "EUR").build()));
        assertThat(e.schemaVersion()).isEqualTo(3);
    }

    @Test
    void twoUpcastersForOneStepAreRejected() {
        assertThatThrownBy(() -> new Upcasters(List.of(v1toV2, new Upcasters.Step("Deposited", 1, old -> old))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ALLFRAME-0203").hasMessageContaining("v1");
    }

    @Test
    void theSchemaRegistryListsClassesAndUpcasters() {
        types.register(Deposited.class);
        DefaultSchemaRegistry registry = new DefaultSchemaRegistry(types, new Upcasters(List.of(v1toV2, v2toV3,
                new Upcasters.Step("Legacy", 4, old -> old))));

        assertThat(registry.eventTypes()).containsExactly(
                new EventSchema("Deposited", 3, Deposited.class.getName(), List.of(1, 2)),
                new EventSchema("Legacy", 5, "", List.of(4)));
        assertThat(registry.eventType("Nope")).isEqualTo(Optional.empty());
    }
}
