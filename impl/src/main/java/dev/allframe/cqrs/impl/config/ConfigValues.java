package dev.allframe.cqrs.impl.config;

import java.util.Locale;

/** Parses {@code allframe.*} config values strictly, naming the key when a value is wrong. */
public final class ConfigValues {
    private ConfigValues() {
    }

    /** {@code true} or {@code false} (any case); anything else is an error naming the key. */
    public static boolean parseBoolean(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalStateException("ALLFRAME-0006 invalid value '" + value + "' for " + key + "; use true or false");
        };
    }

    /** A whole number of at least {@code min}; anything else is an error naming the key. */
    public static int parseInt(String key, String value, int min) {
        String message = "ALLFRAME-0007 invalid value '" + value + "' for " + key + "; use a whole number >= " + min;
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(message, e);
        }
        if (n < min) throw new IllegalStateException(message);
        return n;
    }
}
