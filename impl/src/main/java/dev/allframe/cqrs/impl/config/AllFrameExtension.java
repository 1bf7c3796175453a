package dev.allframe.cqrs.impl.config;

import dev.allframe.cqrs.Event;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.JsonEvent;
import dev.allframe.cqrs.JsonUpcaster;
import dev.allframe.cqrs.Upcaster;
import dev.allframe.cqrs.impl.schema.UpcasterChains;
import dev.allframe.cqrs.impl.store.EventTypes;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedParameter;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessObserverMethod;
import jakarta.enterprise.inject.spi.WithAnnotations;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * AllFrame's CDI portable extension. At deployment it collects event classes ({@link Event @Event}
 * beans and the payload types of {@code EventEnvelope<X>} observers) and {@link Upcaster @Upcaster}s,
 * and fails the deployment when an upcaster chain has a missing step, two upcasters claim one step,
 * an upcaster is no {@link JsonUpcaster}, or two event classes share a type name.
 */
public class AllFrameExtension implements Extension {
    private static final Logger LOG = Logger.getLogger(AllFrameExtension.class.getName());

    private final Set<Class<?>> eventClasses = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<Integer, String>> upcasters = new ConcurrentHashMap<>();
    private final List<String> problems = new ArrayList<>();

    <T> void upcaster(@Observes @WithAnnotations(Upcaster.class) ProcessAnnotatedType<T> pat) {
        Class<T> c = pat.getAnnotatedType().getJavaClass();
        Upcaster u = pat.getAnnotatedType().getAnnotation(Upcaster.class);
        if (u == null) return;   // the annotation sits on a method or field, not on the class
        if (!JsonUpcaster.class.isAssignableFrom(c))
            problem("ALLFRAME-0202 " + c.getName() + " is annotated @Upcaster but does not implement " + JsonUpcaster.class.getName());
        String other = upcasters.computeIfAbsent(u.event(), t -> new ConcurrentHashMap<>()).putIfAbsent(u.from(), c.getName());
        if (other != null && !other.equals(c.getName()))
            problem("ALLFRAME-0203 two upcasters of event type '" + u.event() + "' from v" + u.from() + ": " + other + " and " + c.getName());
    }

    /**
     * Event classes of every discovered type: the type itself if annotated, and the {@code @Event}
     * classes its methods take or return. Payara's Weld fires no ProcessAnnotatedType for records
     * that cannot be beans, so event records are mostly found through the beans that use them.
     */
    <T> void eventClass(@Observes ProcessAnnotatedType<T> pat) {
        AnnotatedType<T> t = pat.getAnnotatedType();
        if (t.isAnnotationPresent(Event.class)) eventClasses.add(t.getJavaClass());
        for (AnnotatedMethod<? super T> m : t.getMethods()) {
            if (m.getJavaMember().getDeclaringClass() == Object.class) continue;
            for (AnnotatedParameter<? super T> p : m.getParameters()) eventClasses.addAll(EventTypes.eventClassesIn(p.getBaseType()));
            eventClasses.addAll(EventTypes.eventClassesIn(m.getBaseType()));
        }
    }

    void observer(@Observes ProcessObserverMethod<?, ?> pom) {
        Type observed = pom.getObserverMethod().getObservedType();
        if (observed instanceof ParameterizedType p && p.getRawType() == EventEnvelope.class
                && p.getActualTypeArguments()[0] instanceof Class<?> payload && payload != JsonEvent.class && payload != Object.class) {
            eventClasses.add(payload);
        }
    }

    void validate(@Observes AfterDeploymentValidation adv) {
        EventTypes types = new EventTypes();
        Map<String, Integer> versions = new TreeMap<>();
        Map<String, String> names = new TreeMap<>();
        for (Class<?> c : eventClasses) {
            try {
                EventTypes.TypeName t = types.register(c);
                versions.put(t.name(), t.version());
                names.put(t.name(), c.getName());
            } catch (IllegalArgumentException e) {
                problem("ALLFRAME-0206 " + e.getMessage());
            }
        }
        Map<String, Set<Integer>> froms = new TreeMap<>();
        upcasters.forEach((type, byFrom) -> froms.put(type, new TreeSet<>(byFrom.keySet())));
        UpcasterChains.problems(froms, versions, names).forEach(this::problem);
        synchronized (problems) {
            for (String p : problems) adv.addDeploymentProblem(new IllegalStateException(p));
        }
        LOG.info("ALLFRAME-0200 event types " + names + ", upcasters (type -> from versions) " + froms);
    }

    private void problem(String message) {
        synchronized (problems) {
            problems.add(message);
        }
        LOG.severe(message);
    }

    /** Event classes seen at deployment. */
    public Set<Class<?>> eventClasses() {
        return Set.copyOf(eventClasses);
    }
}
