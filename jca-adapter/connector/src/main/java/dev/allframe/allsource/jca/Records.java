package dev.allframe.allsource.jca;

import dev.allframe.allsource.EventData;
import dev.allframe.allsource.StoredEvent;
import dev.allframe.allsource.client.NewRecord;
import dev.allframe.allsource.client.Record;

import java.util.List;

/** Converts between the client API's records and the engine's. */
final class Records {
    private Records() {
    }

    static EventData toEngine(NewRecord r) {
        return new EventData(r.id(), r.type(), r.schemaVersion(), r.metadata(), r.payload());
    }

    static List<EventData> toEngine(List<NewRecord> rs) {
        return rs.stream().map(Records::toEngine).toList();
    }

    static Record toClient(StoredEvent e) {
        return new Record(e.id(), e.stream(), e.version(), e.position(), e.timestampMicros(), e.type(), e.schemaVersion(),
                e.metadata(), e.payload());
    }

    static List<Record> toClient(List<StoredEvent> es) {
        return es.stream().map(Records::toClient).toList();
    }

    static Record pending(String stream, long version, EventData e) {
        return new Record(e.id(), stream, version, 0, 0, e.type(), e.schemaVersion(), e.metadata(), e.payload());
    }
}
