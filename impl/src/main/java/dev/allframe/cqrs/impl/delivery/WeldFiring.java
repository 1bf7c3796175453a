package dev.allframe.cqrs.impl.delivery;

import dev.allframe.cqrs.EventEnvelope;
import jakarta.enterprise.event.Event;
import org.jboss.weld.events.WeldEvent;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Fires {@code EventEnvelope<P>} with {@code P} the payload's run-time class, which plain CDI cannot
 * express; Weld's {@link WeldEvent#select(Type, java.lang.annotation.Annotation...)} can
 * (Payara and WildFly run Weld).
 */
public final class WeldFiring implements Consumer<EventEnvelope<?>> {
    private final WeldEvent<Object> events;
    private final Map<Class<?>, WeldEvent<Object>> byPayload = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    public WeldFiring(Event<Object> events) {
        if (!(events instanceof WeldEvent<?> weld))
            throw new IllegalStateException("ALLFRAME-0403 CDI delivery of EventEnvelope<T> needs Weld (Payara, WildFly); this container's Event is a "
                    + events.getClass().getName());
        this.events = (WeldEvent<Object>) weld;
    }

    @Override
    public void accept(EventEnvelope<?> envelope) {
        byPayload.computeIfAbsent(envelope.payload().getClass(), c -> events.select(new EnvelopeType(c))).fire(envelope);
    }

    /** {@code EventEnvelope<payload>}. */
    record EnvelopeType(Class<?> payload) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return new Type[]{payload};
        }

        @Override
        public Type getRawType() {
            return EventEnvelope.class;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterizedType p && p.getRawType() == EventEnvelope.class && p.getOwnerType() == null
                    && Arrays.equals(p.getActualTypeArguments(), getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(getActualTypeArguments()) ^ EventEnvelope.class.hashCode();
        }

        @Override
        public String toString() {
            return EventEnvelope.class.getName() + "<" + payload.getName() + ">";
        }
    }
}
