package dev.allframe.sample.api;

/** Checks on names (streams, event types) and on strings inside event data. */
final class TextChecks {
    private TextChecks() {
    }

    /** Why {@code name} cannot be a stream or type name, or null: control characters and unpaired surrogates are refused. */
    static String problem(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) return String.format("must not contain control characters (U+%04X at index %d)", (int) c, i);
        }
        return surrogateProblem(name);
    }

    /**
     * Why {@code s} cannot be stored as UTF-8, or null: an unpaired surrogate (e.g. the JSON escape
     * {@code "\ud800"} alone) has no UTF-8 form and would be stored as '?'.
     */
    static String surrogateProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("contains an unpaired UTF-16 surrogate (U+%04X at index %d), which is not valid Unicode", (int) c, i);
            }
        }
        return null;
    }
}
