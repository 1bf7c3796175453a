package dev.allframe.allsource.jca;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.AllSourceException;
import dev.allframe.allsource.AppendResult;
import dev.allframe.allsource.EventData;
import dev.allframe.allsource.EventIdConflictException;
import dev.allframe.allsource.WrongExpectedVersionException;
import dev.allframe.allsource.client.AllSourceClientException;
import dev.allframe.allsource.client.AllSourceConnection;
import dev.allframe.allsource.client.AppendOutcome;
import dev.allframe.allsource.client.NewRecord;
import dev.allframe.allsource.client.Record;
import dev.allframe.allsource.client.SnapshotRecord;
import dev.allframe.allsource.client.StoreCounts;
import dev.allframe.allsource.client.VersionConflictException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The application's view of a managed connection. */
final class AllSourceConnectionHandle implements AllSourceConnection {
    private volatile AllSourceManagedConnection mc;
    private volatile boolean closed;

    AllSourceConnectionHandle(AllSourceManagedConnection mc) {
        this.mc = mc;
    }

    void reassign(AllSourceManagedConnection target) {
        AllSourceManagedConnection old = mc;
        if (old != null && old != target) old.moveAway(this);
        mc = target;
    }

    void invalidate() {
        closed = true;
    }

    private AllSourceManagedConnection mc() {
        if (closed) throw new AllSourceClientException("AllSource connection is closed");
        return mc;
    }

    private AllSource engine() {
        return mc().shared().engine();
    }

    private <T> T call(Supplier<T> op) {
        try {
            return op.get();
        } catch (WrongExpectedVersionException e) {
            throw new VersionConflictException(e.stream(), e.expected(), e.actual(), e.getMessage());
        } catch (EventIdConflictException e) {
            throw new IllegalArgumentException(e.getMessage(), e); // the caller's ids, as for any bad argument
        } catch (AllSourceException e) {
            if (!mc.shared().engine().healthy()) mc.fatal(e);
            throw new AllSourceClientException(e.getMessage(), e);
        }
    }

    @Override
    public AppendOutcome append(String stream, long expectedVersion, List<NewRecord> events) {
        return call(() -> {
            List<EventData> data = Records.toEngine(events);
            PendingAppends tx = mc().current();
            if (tx == null) {
                AppendResult r = engine().append(stream, expectedVersion, data);
                return new AppendOutcome(r.stream(), r.firstVersion(), r.lastVersion(), r.firstPosition(), r.lastPosition(), false, r.alreadyStored());
            }
            // a retry of events committed before: answer as the engine does outside a transaction (original
            // versions and positions, nothing buffered), not with the versions they would get now
            AppendResult stored = engine().findStored(stream, data).orElse(null);
            if (stored != null)
                return new AppendOutcome(stored.stream(), stored.firstVersion(), stored.lastVersion(), stored.firstPosition(), stored.lastPosition(), false, true);
            long first = tx.add(stream, expectedVersion, data, engine()::streamVersion);
            return new AppendOutcome(stream, first, first + data.size() - 1, 0, 0, true);
        });
    }

    @Override
    public List<Record> readStream(String stream, long fromVersion, int maxCount, boolean backward) {
        return call(() -> {
            PendingAppends tx = mc().current();
            int pendingCount = tx == null ? 0 : tx.countOf(stream);
            if (pendingCount == 0) return Records.toClient(engine().readStream(stream, fromVersion, maxCount, backward));
            // committed + this transaction's pending events, then cut to the requested window
            List<Record> all = new ArrayList<>(Records.toClient(engine().readStream(stream, 1, Integer.MAX_VALUE, false)));
            long v = all.isEmpty() ? 0 : all.get(all.size() - 1).version();
            for (EventData e : tx.eventsOf(stream)) all.add(Records.pending(stream, ++v, e));
            List<Record> out = new ArrayList<>();
            if (backward) {
                for (int i = all.size() - 1; i >= 0 && out.size() < maxCount; i--)
                    if (all.get(i).version() <= fromVersion) out.add(all.get(i));
            } else {
                for (Record r : all) if (r.version() >= fromVersion && out.size() < maxCount) out.add(r);
            }
            return out;
        });
    }

    @Override
    public List<Record> readAll(long fromPosition, int maxCount) {
        return call(() -> Records.toClient(engine().readAll(fromPosition, maxCount)));
    }

    @Override
    public List<Record> readByType(String type, long fromPosition, int maxCount) {
        return call(() -> Records.toClient(engine().readByType(type, fromPosition, maxCount)));
    }

    @Override
    public List<Record> readAsOfPosition(String stream, long position) {
        return call(() -> Records.toClient(engine().readStreamAsOfPosition(stream, position)));
    }

    @Override
    public List<Record> readAsOfTime(String stream, long timestampMicros) {
        return call(() -> Records.toClient(engine().readStreamAsOfTime(stream, timestampMicros)));
    }

    @Override
    public long streamVersion(String stream) {
        return call(() -> {
            PendingAppends tx = mc().current();
            return engine().streamVersion(stream) + (tx == null ? 0 : tx.countOf(stream));
        });
    }

    @Override
    public long lastPosition() {
        return call(() -> engine().lastPosition());
    }

    @Override
    public StoreCounts stats() {
        return call(() -> {
            AllSource.Stats s = engine().stats();
            return new StoreCounts(s.events(), s.streams(), engine().lastPosition(), s.bytes(), s.segments());
        });
    }

    @Override
    public void saveSnapshot(String stream, long version, byte[] state) {
        call(() -> {
            engine().saveSnapshot(stream, version, state);
            return null;
        });
    }

    @Override
    public Optional<SnapshotRecord> loadSnapshot(String stream) {
        return call(() -> engine().loadSnapshot(stream).map(s -> new SnapshotRecord(s.stream(), s.version(), s.state())));
    }

    @Override
    public String directory() {
        return mc().shared().directory().toAbsolutePath().toString();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        mc.closed(this);
    }
}
