package dev.allframe.allsource.naive;

import dev.allframe.allsource.*;

import java.io.*;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;

/**
 * Walking-skeleton engine: one append-only file, everything indexed in memory, one lock.
 * Correct but slow; replaced by the real WAL engine.
 */
public final class NaiveAllSource implements AllSource {
    private static final byte COMMIT = 1, PREPARE = 2, ROLLBACK = 3, COMMIT_PREPARED = 4, SNAPSHOT = 5;

    private final FileChannel log;
    private final boolean sync;
    private final List<StoredEvent> all = new ArrayList<>();
    private final Map<String, List<StoredEvent>> streams = new HashMap<>();
    private final Map<UUID, StoredEvent> byId = new HashMap<>();
    private final Map<String, List<AppendRequest>> prepared = new LinkedHashMap<>();
    private final Map<String, Snapshot> snapshots = new HashMap<>();

    private NaiveAllSource(FileChannel log, boolean sync) {
        this.log = log;
        this.sync = sync;
    }

    public static AllSource open(AllSourceOptions o) {
        try {
            Files.createDirectories(o.directory());
            Path file = o.directory().resolve("naive.log");
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            NaiveAllSource s = new NaiveAllSource(ch, o.fsync() != FsyncPolicy.NEVER);
            s.recover();
            return s;
        } catch (IOException e) {
            throw new AllSourceException("cannot open " + o.directory() + ": " + e.getMessage(), e);
        }
    }

    private void recover() throws IOException {
        long size = log.size(), pos = 0;
        ByteBuffer head = ByteBuffer.allocate(8);
        while (pos + 8 <= size) {
            head.clear();
            log.read(head, pos);
            head.flip();
            int len = head.getInt();
            int crc = head.getInt();
            if (len <= 0 || pos + 8 + len > size) break;
            ByteBuffer body = ByteBuffer.allocate(len);
            log.read(body, pos + 8);
            CRC32C c = new CRC32C();
            c.update(body.array());
            if ((int) c.getValue() != crc) break;
            replay(new DataInputStream(new ByteArrayInputStream(body.array())));
            pos += 8 + len;
        }
        log.truncate(pos);
        log.position(pos);
    }

    private void replay(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        switch (kind) {
            case COMMIT -> apply(readRequests(in), in.readLong());
            case PREPARE -> { String tx = in.readUTF(); prepared.put(tx, readRequests(in)); }
            case ROLLBACK -> prepared.remove(in.readUTF());
            case COMMIT_PREPARED -> { String tx = in.readUTF(); long ts = in.readLong(); apply(prepared.remove(tx), ts); }
            case SNAPSHOT -> { String st = in.readUTF(); long v = in.readLong(); byte[] b = new byte[in.readInt()]; in.readFully(b); snapshots.put(st, new Snapshot(st, v, b)); }
            default -> throw new IOException("unknown record kind " + kind);
        }
    }

    private static List<AppendRequest> readRequests(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<AppendRequest> reqs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String stream = in.readUTF();
            long expected = in.readLong();
            int m = in.readInt();
            List<EventData> evs = new ArrayList<>(m);
            for (int j = 0; j < m; j++) {
                UUID id = new UUID(in.readLong(), in.readLong());
                String type = in.readUTF();
                int sv = in.readInt();
                byte[] meta = new byte[in.readInt()];
                in.readFully(meta);
                byte[] payload = new byte[in.readInt()];
                in.readFully(payload);
                evs.add(new EventData(id, type, sv, meta, payload));
            }
            reqs.add(new AppendRequest(stream, expected, evs));
        }
        return reqs;
    }

    private static void writeRequests(DataOutputStream out, List<AppendRequest> reqs) throws IOException {
        out.writeInt(reqs.size());
        for (AppendRequest r : reqs) {
            out.writeUTF(r.stream());
            out.writeLong(r.expectedVersion());
            out.writeInt(r.events().size());
            for (EventData e : r.events()) {
                out.writeLong(e.id().getMostSignificantBits());
                out.writeLong(e.id().getLeastSignificantBits());
                out.writeUTF(e.type());
                out.writeInt(e.schemaVersion());
                out.writeInt(e.metadata().length);
                out.write(e.metadata());
                out.writeInt(e.payload().length);
                out.write(e.payload());
            }
        }
    }

    private interface Body { void write(DataOutputStream out) throws IOException; }

    private void writeRecord(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            body.write(new DataOutputStream(bytes));
            byte[] b = bytes.toByteArray();
            CRC32C c = new CRC32C();
            c.update(b);
            ByteBuffer buf = ByteBuffer.allocate(8 + b.length).putInt(b.length).putInt((int) c.getValue()).put(b);
            buf.flip();
            while (buf.hasRemaining()) log.write(buf);
            if (sync) log.force(false);
        } catch (IOException e) {
            throw new AllSourceException("write failed: " + e.getMessage(), e);
        }
    }

    private List<AppendResult> apply(List<AppendRequest> reqs, long ts) {
        List<AppendResult> out = new ArrayList<>();
        for (AppendRequest r : reqs) {
            List<StoredEvent> s = streams.computeIfAbsent(r.stream(), k -> new ArrayList<>());
            long firstV = s.size() + 1, firstP = all.size() + 1;
            for (EventData e : r.events()) {
                StoredEvent se = new StoredEvent(e.id(), r.stream(), s.size() + 1, all.size() + 1, ts, e.type(), e.schemaVersion(), e.metadata(), e.payload());
                s.add(se);
                all.add(se);
                byId.put(e.id(), se);
            }
            out.add(new AppendResult(r.stream(), firstV, s.size(), r.events().isEmpty() ? 0 : firstP, r.events().isEmpty() ? 0 : all.size()));
        }
        return out;
    }

    /** Returns the original result if every event is already stored, null if none, throws if mixed. */
    private AppendResult duplicateOf(AppendRequest r) {
        if (r.events().isEmpty()) return null;
        int known = 0;
        for (EventData e : r.events()) if (byId.containsKey(e.id())) known++;
        if (known == 0) return null;
        if (known != r.events().size())
            throw new AllSourceException("append to '" + r.stream() + "' mixes already stored and new event ids");
        StoredEvent f = byId.get(r.events().get(0).id()), l = byId.get(r.events().get(r.events().size() - 1).id());
        return new AppendResult(f.stream(), f.version(), l.version(), f.position(), l.position());
    }

    private void check(List<AppendRequest> reqs) {
        for (AppendRequest r : reqs) {
            long actual = streamVersion(r.stream());
            if (!ExpectedVersion.matches(r.expectedVersion(), actual))
                throw new WrongExpectedVersionException(r.stream(), r.expectedVersion(), actual);
            for (List<AppendRequest> p : prepared.values())
                for (AppendRequest q : p)
                    if (q.stream().equals(r.stream()))
                        throw new WrongExpectedVersionException(r.stream(), r.expectedVersion(), actual);
        }
    }

    @Override
    public synchronized List<AppendResult> append(List<AppendRequest> requests) {
        List<AppendResult> dup = new ArrayList<>();
        for (AppendRequest r : requests) dup.add(duplicateOf(r));
        if (dup.stream().allMatch(Objects::nonNull)) return dup;
        check(requests);
        long ts = System.currentTimeMillis() * 1000;
        writeRecord(out -> { out.writeByte(COMMIT); writeRequests(out, requests); out.writeLong(ts); });
        return apply(requests, ts);
    }

    @Override
    public CompletableFuture<List<AppendResult>> appendAsync(List<AppendRequest> requests) {
        try {
            return CompletableFuture.completedFuture(append(requests));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public synchronized void prepare(String txId, List<AppendRequest> requests) {
        if (prepared.containsKey(txId)) throw new AllSourceException("transaction " + txId + " is already prepared");
        check(requests);
        writeRecord(out -> { out.writeByte(PREPARE); out.writeUTF(txId); writeRequests(out, requests); });
        prepared.put(txId, List.copyOf(requests));
    }

    @Override
    public synchronized List<AppendResult> commitPrepared(String txId) {
        if (!prepared.containsKey(txId)) throw new AllSourceException("no prepared transaction " + txId);
        long ts = System.currentTimeMillis() * 1000;
        writeRecord(out -> { out.writeByte(COMMIT_PREPARED); out.writeUTF(txId); out.writeLong(ts); });
        return apply(prepared.remove(txId), ts);
    }

    @Override
    public synchronized void rollbackPrepared(String txId) {
        if (!prepared.containsKey(txId)) throw new AllSourceException("no prepared transaction " + txId);
        writeRecord(out -> { out.writeByte(ROLLBACK); out.writeUTF(txId); });
        prepared.remove(txId);
    }

    @Override
    public synchronized List<String> inDoubt() {
        return List.copyOf(prepared.keySet());
    }

    @Override
    public synchronized List<StoredEvent> readStream(String stream, long fromVersion, int maxCount, boolean backward) {
        List<StoredEvent> s = streams.getOrDefault(stream, List.of());
        List<StoredEvent> out = new ArrayList<>();
        if (backward) {
            for (long v = Math.min(fromVersion, s.size()); v >= 1 && out.size() < maxCount; v--) out.add(s.get((int) v - 1));
        } else {
            for (long v = Math.max(1, fromVersion); v <= s.size() && out.size() < maxCount; v++) out.add(s.get((int) v - 1));
        }
        return out;
    }

    @Override
    public synchronized List<StoredEvent> readAll(long fromPosition, int maxCount) {
        int from = (int) Math.max(0, fromPosition - 1);
        return List.copyOf(all.subList(Math.min(from, all.size()), (int) Math.min(all.size(), (long) from + maxCount)));
    }

    @Override
    public synchronized List<StoredEvent> readByType(String type, long fromPosition, int maxCount) {
        return all.stream().filter(e -> e.position() >= fromPosition && e.type().equals(type)).limit(maxCount).toList();
    }

    @Override
    public synchronized List<StoredEvent> readStreamAsOfPosition(String stream, long position) {
        return streams.getOrDefault(stream, List.of()).stream().filter(e -> e.position() <= position).toList();
    }

    @Override
    public synchronized List<StoredEvent> readStreamAsOfTime(String stream, long timestampMicros) {
        return streams.getOrDefault(stream, List.of()).stream().filter(e -> e.timestampMicros() <= timestampMicros).toList();
    }

    @Override
    public synchronized long streamVersion(String stream) {
        return streams.getOrDefault(stream, List.of()).size();
    }

    @Override
    public synchronized long lastPosition() {
        return all.size();
    }

    @Override
    public synchronized Stats stats() {
        try {
            return new Stats(all.size(), streams.size(), log.size(), 1, 0);
        } catch (IOException e) {
            throw new AllSourceException(e.getMessage(), e);
        }
    }

    @Override
    public synchronized void saveSnapshot(String stream, long version, byte[] state) {
        writeRecord(out -> { out.writeByte(SNAPSHOT); out.writeUTF(stream); out.writeLong(version); out.writeInt(state.length); out.write(state); });
        snapshots.put(stream, new Snapshot(stream, version, state.clone()));
    }

    @Override
    public synchronized Optional<Snapshot> loadSnapshot(String stream) {
        return Optional.ofNullable(snapshots.get(stream));
    }

    @Override
    public boolean healthy() {
        return log.isOpen();
    }

    @Override
    public synchronized void close() {
        try {
            if (log.isOpen()) {
                log.force(true);
                log.close();
            }
        } catch (IOException e) {
            throw new AllSourceException("close failed: " + e.getMessage(), e);
        }
    }
}
