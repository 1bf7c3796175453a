package dev.allframe.allsource.core;

import dev.allframe.allsource.AppendRequest;
import dev.allframe.allsource.CorruptLogException;
import dev.allframe.allsource.EventData;
import dev.allframe.allsource.index.EventIndex;
import dev.allframe.allsource.index.StreamEntry;
import dev.allframe.allsource.recovery.Recovery;
import dev.allframe.allsource.wal.RecordReader;
import dev.allframe.allsource.wal.Segment;
import dev.allframe.allsource.wal.WalFormat;

import java.util.List;
import java.util.Map;

/**
 * Rebuilds the index from recovered groups: event headers only (bodies stay in the log and are
 * read on demand), prepared transactions, decisions and snapshot locations.
 */
final class Replayer implements Recovery.Sink {
    private final EventIndex index;
    private final Map<String, List<AppendRequest>> prepared;
    private final Names names = new Names();
    private boolean gapsAllowed;
    private long added;
    /** Locator of an event that only a history file holds (no WAL segment has number 0). */
    static final long HISTORY_LOCATOR = 0;

    Replayer(EventIndex index, Map<String, List<AppendRequest>> prepared) {
        this.index = index;
        this.prepared = prepared;
    }

    @Override
    public void quarantined() {
        gapsAllowed = true;
    }

    @Override
    public void group(Segment seg, byte[] d, int[] offsets, int count) {
        for (int i = 0; i < count; i++) {
            int off = offsets[i];
            byte kind = RecordReader.kind(d, off);
            if (kind == WalFormat.EVENT) {
                event(seg, d, off);
                continue;
            }
            RecordReader r = new RecordReader(d, off);
            switch (kind) {
                case WalFormat.PREPARE -> {
                    String tx = r.shortString();
                    List<AppendRequest> reqs = r.requests();
                    prepared.put(tx, reqs);
                    for (AppendRequest q : reqs)
                        if (!allKnown(q.events())) index.streamForWrite(q.stream()).reserve(tx);
                }
                case WalFormat.COMMIT_TX, WalFormat.ROLLBACK_TX -> release(r.shortString());
                case WalFormat.SNAPSHOT -> {
                    String stream = r.shortString();
                    long version = r.longValue();
                    index.streamForWrite(stream).snapshot(new StreamEntry.SnapshotRef(version, WalFormat.locator(seg.seq(), off), null));
                }
                default -> throw new CorruptLogException(seg.path(), off, "unexpected record kind " + RecordReader.kind(d, off) + " in a group");
            }
        }
    }

    private void event(Segment seg, byte[] d, int off) {
        int p0 = off + WalFormat.RECORD_HEADER;
        long hi = WalFormat.getLong(d, p0), lo = WalFormat.getLong(d, p0 + 8);
        long position = WalFormat.getLong(d, p0 + 16), version = WalFormat.getLong(d, p0 + 24), ts = WalFormat.getLong(d, p0 + 32);
        int sp = p0 + 44, sl = WalFormat.getU16(d, sp);
        String stream = names.decode(d, sp + 2, sl);
        int tp = sp + 2 + sl, tl = WalFormat.getU16(d, tp);
        String type = names.decode(d, tp + 2, tl);
        long expectedPos = index.writerPosition() + 1;
        if (position != expectedPos && !(gapsAllowed && position > expectedPos))
            throw new CorruptLogException(seg.path(), off, "event position " + position + " where " + expectedPos
                    + " was expected (positions must be gap-free)");
        StreamEntry s = index.streamForWrite(stream);
        long expectedVersion = s.writerVersion() + 1;
        if (version != expectedVersion && !(gapsAllowed && version > expectedVersion))
            throw new CorruptLogException(seg.path(), off, "stream '" + stream + "' version " + version + " where "
                    + expectedVersion + " was expected");
        if (index.positionOf(hi, lo) != 0)
            throw new CorruptLogException(seg.path(), off, "event id stored twice (position " + position + ")");
        index.add(position, hi, lo, s, version, ts, type, WalFormat.locator(seg.seq(), off));
        seg.noteEvent(position);
    }

    /** An event of a history file whose WAL segment was deleted: same checks as a logged one, no locator. */
    void historyEvent(java.nio.file.Path file, long hi, long lo, String stream, long version, long position, long ts, String type) {
        long expectedPos = index.writerPosition() + 1;
        if (position != expectedPos && !(gapsAllowed && position > expectedPos))
            throw new CorruptLogException(file, 0, "event position " + position + " where " + expectedPos
                    + " was expected (positions must be gap-free)");
        StreamEntry s = index.streamForWrite(stream);
        long expectedVersion = s.writerVersion() + 1;
        if (version != expectedVersion && !(gapsAllowed && version > expectedVersion))
            throw new CorruptLogException(file, 0, "stream '" + stream + "' version " + version + " at position "
                    + position + " where " + expectedVersion + " was expected");
        if (index.positionOf(hi, lo) != 0)
            throw new CorruptLogException(file, 0, "event id stored twice (position " + position + ")");
        index.add(position, hi, lo, s, version, ts, type, HISTORY_LOCATOR);
        added++;
    }

    /** Events added from history files so far. */
    long eventsAdded() {
        return added;
    }

    private boolean allKnown(List<EventData> events) {
        if (events.isEmpty()) return false;
        for (EventData e : events)
            if (index.positionOf(e.id().getMostSignificantBits(), e.id().getLeastSignificantBits()) == 0) return false;
        return true;
    }

    private void release(String tx) {
        List<AppendRequest> reqs = prepared.remove(tx);
        if (reqs == null) return;
        for (AppendRequest q : reqs) {
            StreamEntry s = index.stream(q.stream());
            if (s != null && tx.equals(s.reservedBy())) s.reserve(null);
        }
    }
}
