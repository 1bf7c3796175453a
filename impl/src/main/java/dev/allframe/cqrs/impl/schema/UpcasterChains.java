package dev.allframe.cqrs.impl.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that upcaster chains have no missing step: for an event class at version N, every
 * version 1..N-1 needs an upcaster; without a class, the chain must be contiguous.
 */
public final class UpcasterChains {
    private UpcasterChains() {
    }

    /**
     * @param froms         upcaster source versions by event type
     * @param classVersions current version of each event type that has a class
     * @param classNames    class name of each event type that has a class (for messages)
     * @return one message per problem, empty if the chains are complete
     */
    public static List<String> problems(Map<String, ? extends Collection<Integer>> froms, Map<String, Integer> classVersions,
                                        Map<String, String> classNames) {
        List<String> out = new ArrayList<>();
        Set<String> types = new TreeSet<>(froms.keySet());
        types.addAll(classVersions.keySet());
        for (String type : types) {
            TreeSet<Integer> have = new TreeSet<>();
            if (froms.containsKey(type)) have.addAll(froms.get(type));
            Integer current = classVersions.get(type);
            for (int from : have) {
                if (from < 1) out.add("ALLFRAME-0202 @Upcaster(event = \"" + type + "\", from = " + from + "): from must be >= 1");
                if (current != null && from >= current)
                    out.add("ALLFRAME-0202 @Upcaster(event = \"" + type + "\", from = " + from + ") upcasts beyond the current version v"
                            + current + " of " + classNames.get(type) + "; raise @Event(version) or remove the upcaster");
            }
            int first = current != null ? 1 : have.isEmpty() ? 1 : have.first();
            int end = current != null ? current : have.isEmpty() ? 1 : have.last() + 1;
            for (int v = Math.max(1, first); v < end; v++) {
                if (!have.contains(v))
                    out.add("ALLFRAME-0201 event type '" + type + "'" + (current != null ? " (" + classNames.get(type) + ", v" + current + ")" : "")
                            + " has no @Upcaster(event = \"" + type + "\", from = " + v + ") for the step v" + v + " -> v" + (v + 1)
                            + " of its upcaster chain; upcasters exist from " + (have.isEmpty() ? "no version" : "v" + have));
            }
        }
        return out;
    }
}
