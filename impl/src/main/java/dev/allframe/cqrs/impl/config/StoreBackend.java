package dev.allframe.cqrs.impl.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Values of {@code allframe.store.backend}. */
public enum StoreBackend {
    /** AllSource through its JCA resource adapter (default). */
    ALLSOURCE,
    /** Relational tables (H2 or PostgreSQL) through a JTA data source; see {@code impl/README-jpa.md}. */
    JPA,
    /** In memory, lost on restart; for tests and demos. */
    MEMORY;

    /** Parses a config value, naming the key and the accepted values when it is wrong. */
    public static StoreBackend parse(String key, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ALLFRAME-0001 invalid value '" + value + "' for " + key + "; use one of "
                    + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }
}
