package dev.allframe.allsource;

import java.nio.charset.StandardCharsets;

/** Stream and type names are stored with a 16-bit length: longer ones are refused when they are made. */
final class Names {
    /** Largest storable name, in UTF-8 bytes. */
    static final int MAX_BYTES = 0xFFFF;

    private Names() {
    }

    static void requireStorable(String what, String name) {
        if (name.length() > MAX_BYTES / 3 && name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES)
            throw new IllegalArgumentException(what + " longer than " + MAX_BYTES + " UTF-8 bytes: "
                    + name.substring(0, 40) + "...");
    }
}
