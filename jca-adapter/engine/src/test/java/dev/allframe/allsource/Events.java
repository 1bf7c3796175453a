package dev.allframe.allsource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Test helpers to build events. */
public final class Events {
    private Events() {
    }

    public static EventData event(String type, String json) {
        return new EventData(UUID.randomUUID(), type, 1, "{\"m\":1}".getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    }

    public static EventData event(String json) {
        return event("Happened", json);
    }

    public static List<EventData> events(int n, String prefix) {
        List<EventData> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(event("{\"" + prefix + "\":" + i + "}"));
        return out;
    }

    public static String payload(StoredEvent e) {
        return new String(e.payload(), StandardCharsets.UTF_8);
    }

    public static AllSourceOptions.Builder options(java.nio.file.Path dir) {
        return AllSourceOptions.builder(dir).parquetRollover(false);
    }
}
