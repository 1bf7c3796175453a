package dev.allframe.allsource.cli;

import dev.allframe.allsource.StoredEvent;

import java.nio.charset.StandardCharsets;

/** Minimal JSON rendering of an event (payload and metadata embedded as strings). */
final class Json {
    private Json() {
    }

    static String line(StoredEvent e) {
        StringBuilder b = new StringBuilder(128 + e.payload().length);
        b.append("{\"position\":").append(e.position())
                .append(",\"stream\":").append(str(e.stream()))
                .append(",\"version\":").append(e.version())
                .append(",\"id\":\"").append(e.id()).append('"')
                .append(",\"timestamp\":").append(e.timestampMicros())
                .append(",\"type\":").append(str(e.type()))
                .append(",\"schemaVersion\":").append(e.schemaVersion())
                .append(",\"metadata\":").append(str(new String(e.metadata(), StandardCharsets.UTF_8)))
                .append(",\"payload\":").append(str(new String(e.payload(), StandardCharsets.UTF_8)))
                .append('}');
        return b.toString();
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
