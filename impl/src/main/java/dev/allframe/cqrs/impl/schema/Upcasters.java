package dev.allframe.cqrs.impl.schema;

import dev.allframe.cqrs.JsonUpcaster;
import jakarta.json.JsonObject;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The application's upcasters by event type and source version; applies chains v(n)→v(n+1)→… */
public final class Upcasters {
    /** One upcaster: reads {@code type} at version {@code from}, writes {@code from + 1}. */
    public record Step(String type, int from, JsonUpcaster upcaster) {
    }

    /** JSON after upcasting and the version it is now in. */
    public record Upcasted(int version, JsonObject json) {
    }

    private final Map<String, TreeMap<Integer, JsonUpcaster>> byType = new TreeMap<>();

    public Upcasters(Collection<Step> steps) {
        for (Step s : steps) {
            JsonUpcaster old = byType.computeIfAbsent(s.type(), t -> new TreeMap<>()).putIfAbsent(s.from(), s.upcaster());
            if (old != null) throw new IllegalArgumentException("ALLFRAME-0203 two upcasters of event type '" + s.type() + "' from v" + s.from()
                    + ": " + old.getClass().getName() + " and " + s.upcaster().getClass().getName());
        }
    }

    public static Upcasters none() {
        return new Upcasters(List.of());
    }

    /** Versions with an upcaster for a type, ascending. */
    public List<Integer> froms(String type) {
        return List.copyOf(byType.getOrDefault(type, new TreeMap<>()).keySet());
    }

    /** Every type that has upcasters. */
    public Collection<String> types() {
        return byType.keySet();
    }

    /** The version at the end of the type's chain: the last upcaster's {@code from + 1}. */
    public Optional<Integer> latest(String type) {
        TreeMap<Integer, JsonUpcaster> chain = byType.get(type);
        return chain == null || chain.isEmpty() ? Optional.empty() : Optional.of(chain.lastKey() + 1);
    }

    /**
     * Upcasts {@code json} of {@code type} from {@code version} towards {@code target}, as far as
     * the chain goes; the result's version says where it stopped.
     */
    public Upcasted upcast(String type, int version, int target, JsonObject json) {
        TreeMap<Integer, JsonUpcaster> chain = byType.get(type);
        int v = version;
        JsonObject out = json;
        while (chain != null && v < target) {
            JsonUpcaster step = chain.get(v);
            if (step == null) break;
            out = step.upcast(out);
            if (out == null) throw new IllegalStateException("ALLFRAME-0204 upcaster " + step.getClass().getName() + " of '" + type
                    + "' from v" + v + " returned null");
            v++;
        }
        return new Upcasted(v, out);
    }
}
