package dev.allframe.allsource.wal;

import dev.allframe.allsource.AppendRequest;
import dev.allframe.allsource.EventData;
import dev.allframe.allsource.StoredEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static dev.allframe.allsource.wal.WalFormat.*;

/** Decodes the bodies of checksum-verified records held in a byte array. */
public final class RecordReader {
    private final byte[] b;
    private int p;

    /** A reader positioned at the body of the record starting at {@code recordOffset}. */
    public RecordReader(byte[] b, int recordOffset) {
        this.b = b;
        this.p = recordOffset + RECORD_HEADER;
    }

    public static byte kind(byte[] b, int recordOffset) { return b[recordOffset + 8]; }

    public static boolean ends(byte[] b, int recordOffset) { return (b[recordOffset + 9] & END) != 0; }

    public long longValue() { long v = getLong(b, p); p += 8; return v; }

    public int intValue() { int v = getInt(b, p); p += 4; return v; }

    public String shortString() {
        int n = getU16(b, p);
        String s = new String(b, p + 2, n, StandardCharsets.UTF_8);
        p += 2 + n;
        return s;
    }

    public byte[] intBytes() {
        int n = getInt(b, p);
        byte[] v = Arrays.copyOfRange(b, p + 4, p + 4 + n);
        p += 4 + n;
        return v;
    }

    /** Decodes a whole EVENT record. */
    public StoredEvent event() {
        long hi = longValue(), lo = longValue(), position = longValue(), version = longValue(), ts = longValue();
        int schema = intValue();
        String stream = shortString(), type = shortString();
        byte[] meta = intBytes(), payload = intBytes();
        return new StoredEvent(new UUID(hi, lo), stream, version, position, ts, type, schema, meta, payload);
    }

    /** Decodes the requests of a PREPARE record (after {@link #shortString()} read the tx id). */
    public List<AppendRequest> requests() {
        int n = intValue();
        List<AppendRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String stream = shortString();
            long expected = longValue();
            int m = intValue();
            List<EventData> events = new ArrayList<>(m);
            for (int j = 0; j < m; j++) {
                long hi = longValue(), lo = longValue();
                int schema = intValue();
                String type = shortString();
                byte[] meta = intBytes(), payload = intBytes();
                events.add(new EventData(new UUID(hi, lo), type, schema, meta, payload));
            }
            out.add(new AppendRequest(stream, expected, events));
        }
        return out;
    }
}
