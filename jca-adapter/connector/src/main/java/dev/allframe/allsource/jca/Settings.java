package dev.allframe.allsource.jca;

import jakarta.resource.spi.InvalidPropertyException;

import java.util.Locale;

/**
 * Resolves one engine setting: the connection-factory property if set, else the system property
 * {@code allframe.allsource.<key>}, else the environment variable {@code ALLFRAME_ALLSOURCE_<KEY>}
 * (the names MicroProfile Config also reads), else the built-in default. Bad values are rejected
 * naming the property and where the value came from.
 */
final class Settings {
    private Settings() {
    }

    /** A resolved value and where it came from (for error messages). */
    record Value(String text, String source) {
        long asLong(long min) throws InvalidPropertyException {
            try {
                long v = Long.parseLong(text.trim());
                if (v >= min) return v;
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new InvalidPropertyException(source + " must be a whole number >= " + min + ", was '" + text + "'");
        }

        int asInt(int min) throws InvalidPropertyException {
            long v = asLong(min);
            if (v <= Integer.MAX_VALUE) return (int) v;
            throw new InvalidPropertyException(source + " must be a whole number from " + min + " to "
                    + Integer.MAX_VALUE + ", was '" + text + "'");
        }

        boolean asBoolean() throws InvalidPropertyException {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) return Boolean.parseBoolean(t);
            throw new InvalidPropertyException(source + " must be true or false, was '" + text + "'");
        }
    }

    static Value resolve(String property, String explicit, String key, String fallback) {
        if (explicit != null && !explicit.isBlank()) return new Value(explicit, "property " + property);
        String sys = System.getProperty("allframe.allsource." + key);
        if (sys != null && !sys.isBlank()) return new Value(sys, "system property allframe.allsource." + key);
        String env = System.getenv("ALLFRAME_ALLSOURCE_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
        if (env != null && !env.isBlank()) return new Value(env, "environment variable ALLFRAME_ALLSOURCE_"
                + key.toUpperCase(Locale.ROOT).replace('-', '_'));
        return new Value(fallback, "default of " + property);
    }
}
