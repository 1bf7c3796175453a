package dev.allframe.allsource.jca;

import dev.allframe.allsource.client.AllSourceConnection;
import dev.allframe.allsource.client.AppendOutcome;
import dev.allframe.allsource.client.NewRecord;
import dev.allframe.allsource.client.Record;
import dev.allframe.allsource.client.VersionConflictException;
import jakarta.resource.spi.ManagedConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The adapter's XA and local-transaction behaviour on a real engine, without a container. */
class XaStateMachineTest {
    @TempDir
    Path dir;

    private final List<AllSourceResourceAdapter> adapters = new ArrayList<>();

    @AfterEach
    void stopAdapters() {
        adapters.forEach(AllSourceResourceAdapter::stop);
    }

    /** A "server": resource adapter + connection factory on {@link #dir}, fsync never (speed). */
    private AllSourceManagedConnectionFactory server() {
        AllSourceResourceAdapter ra = new AllSourceResourceAdapter();
        ra.start(null);
        adapters.add(ra);
        AllSourceManagedConnectionFactory mcf = new AllSourceManagedConnectionFactory();
        mcf.setDataDirectory(dir.toString());
        mcf.setFsync("never");
        mcf.setResourceAdapter(ra);
        return mcf;
    }

    /** Simulates a crash of the server: the engine is closed with whatever was prepared left undecided. */
    private void crash() {
        adapters.forEach(AllSourceResourceAdapter::stop);
        adapters.clear();
    }

    private static ManagedConnection connect(AllSourceManagedConnectionFactory mcf) throws Exception {
        return mcf.createManagedConnection(null, null);
    }

    private static AllSourceConnection handle(ManagedConnection mc) throws Exception {
        return (AllSourceConnection) mc.getConnection(null, null);
    }

    private static List<NewRecord> events(String... texts) {
        List<NewRecord> out = new ArrayList<>();
        for (String t : texts)
            out.add(new NewRecord(UUID.randomUUID(), "Noted", 1, new byte[0], ("{\"t\":\"" + t + "\"}").getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    private static Xid xid(int n) {
        return new XidCodec.SimpleXid(4711, ("gtrid-" + n).getBytes(StandardCharsets.UTF_8), new byte[]{1});
    }

    @Test
    void twoPhaseCommitMakesEventsVisibleOnlyAfterCommitWithPositions() throws Exception {
        ManagedConnection mc = connect(server());
        XAResource xa = mc.getXAResource();
        AllSourceConnection c = handle(mc);

        xa.start(xid(1), XAResource.TMNOFLAGS);
        assertThat(c.append("s", 0, events("a", "b")).pending()).isTrue();
        assertThat(c.readStream("s", 1, 10, false)).extracting(Record::position).containsExactly(0L, 0L);
        xa.end(xid(1), XAResource.TMSUCCESS);

        assertThat(c.readStream("s", 1, 10, false)).as("invisible to others before commit").isEmpty();
        assertThat(xa.prepare(xid(1))).isEqualTo(XAResource.XA_OK);
        assertThat(c.readStream("s", 1, 10, false)).as("invisible after prepare").isEmpty();
        xa.commit(xid(1), false);

        assertThat(c.readStream("s", 1, 10, false)).extracting(Record::version, Record::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 1L), org.assertj.core.groups.Tuple.tuple(2L, 2L));
    }

    @Test
    void aRetryOfCommittedEventsInsideATransactionAnswersTheOriginalVersionsAndStoresNothing() throws Exception {
        ManagedConnection mc = connect(server());
        XAResource xa = mc.getXAResource();
        AllSourceConnection c = handle(mc);
        c.append("other", 0, events("first"));
        List<NewRecord> original = events("a", "b");
        c.append("s", 0, original); // auto-commit: versions 1-2, positions 2-3
        c.append("s", 2, events("c"));

        xa.start(xid(1), XAResource.TMNOFLAGS);
        AppendOutcome retry = c.append("s", 0, original); // the client lost the first answer and sends again
        xa.end(xid(1), XAResource.TMSUCCESS);
        xa.commit(xid(1), true);

        assertThat(retry).isEqualTo(new AppendOutcome("s", 1, 2, 2, 3, false, true));
        assertThat(c.readStream("s", 1, 10, false)).extracting(Record::version).containsExactly(1L, 2L, 3L);
        assertThat(c.lastPosition()).isEqualTo(4);
        List<NewRecord> mixed = List.of(original.get(0), events("new").get(0));
        xa.start(xid(2), XAResource.TMNOFLAGS);
        assertThatThrownBy(() -> c.append("s", 3, mixed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mixes 1 already stored and 1 new");
        assertThatThrownBy(() -> c.append("elsewhere", 0, original)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already stored in stream 's'");
        xa.end(xid(2), XAResource.TMSUCCESS);
        xa.rollback(xid(2));
        assertThatThrownBy(() -> c.append("elsewhere", 0, original)).as("also outside a transaction")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already stored in stream 's'");
        assertThat(c.lastPosition()).isEqualTo(4);
    }

    @Test
    void anEventIdTwiceInOneTransactionIsRefusedWhenAppendedNotAtCommit() throws Exception {
        ManagedConnection mc = connect(server());
        XAResource xa = mc.getXAResource();
        AllSourceConnection c = handle(mc);
        List<NewRecord> one = events("a");

        xa.start(xid(1), XAResource.TMNOFLAGS);
        assertThatThrownBy(() -> c.append("s", 0, List.of(one.get(0), one.get(0)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("appears twice");
        c.append("s", 0, one);
        assertThatThrownBy(() -> c.append("t", 0, one)).as("also across appends of the transaction")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appears twice");
        xa.end(xid(1), XAResource.TMSUCCESS);
        xa.commit(xid(1), true);

        assertThat(c.readStream("s", 1, 10, false)).hasSize(1);
        assertThat(c.readStream("t", 1, 10, false)).isEmpty();
    }

    @Test
    void rollbackDiscardsPendingAndPreparedAppends() throws Exception {
        ManagedConnection mc = connect(server());
        XAResource xa = mc.getXAResource();
        AllSourceConnection c = handle(mc);

        xa.start(xid(1), XAResource.TMNOFLAGS);
        c.append("s", 0, events("pending"));
        xa.end(xid(1), XAResource.TMSUCCESS);
        xa.rollback(xid(1));

        xa.start(xid(2), XAResource.TMNOFLAGS);
        c.append("s", 0, events("prepared"));
        xa.end(xid(2), XAResource.TMSUCCESS);
        xa.prepare(xid(2));
        xa.rollback(xid(2));

        assertThat(c.readStream("s", 1, 10, false)).isEmpty();
        assertThat(xa.recover(XAResource.TMSTARTRSCAN)).isEmpty();
        crash();
        AllSourceConnection after = handle(connect(server()));
        assertThat(after.readStream("s", 1, 10, false)).as("nothing comes back after a restart").isEmpty();
        assertThat(after.lastPosition()).isZero();
    }

    @Test
    void aPreparedTransactionSurvivesACrashAndCanBeCommittedFromRecovery() throws Exception {
        ManagedConnection mc = connect(server());
        XAResource xa = mc.getXAResource();
        xa.start(xid(7), XAResource.TMNOFLAGS);
        handle(mc).append("s", 0, events("in doubt"));
        xa.end(xid(7), XAResource.TMSUCCESS);
        xa.prepare(xid(7));
        crash();

        ManagedConnection recovered = connect(server());
        XAResource xa2 = recovered.getXAResource();
        assertThat(xa2.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)).containsExactly(xid(7));
        assertThat(handle(recovered).readStream("s", 1, 10, false)).as("undecided: not visible").isEmpty();
        xa2.commit(xid(7), false);

        assertThat(handle(recovered).readStream("s", 1, 10, false)).extracting(Record::position).containsExactly(1L);
        assertThat(xa2.recover(XAResource.TMSTARTRSCAN)).isEmpty();
    }

    @Test
    void aPreparedTransactionSurvivesACrashAndCanBeRolledBackFromRecovery() throws Exception {
        ManagedConnection mc = connect(server());
        XAResource xa = mc.getXAResource();
        xa.start(xid(8), XAResource.TMNOFLAGS);
        handle(mc).append("s", 0, events("in doubt"));
        xa.end(xid(8), XAResource.TMSUCCESS);
        xa.prepare(xid(8));
        crash();

        XAResource xa2 = connect(server()).getXAResource();
        assertThat(xa2.recover(XAResource.TMSTARTRSCAN)).containsExactly(xid(8));
        xa2.rollback(xid(8));
        assertThat(xa2.recover(XAResource.TMSTARTRSCAN)).isEmpty();
        crash();

        AllSourceConnection c = handle(connect(server()));
        assertThat(c.readStream("s", 1, 10, false)).isEmpty();
        c.append("s", 0, events("stream is free again"));
        assertThat(c.streamVersion("s")).isEqualTo(1);
    }

    @Test
    void aPreparedStreamBlocksConflictingWritersUntilDecided() throws Exception {
        AllSourceManagedConnectionFactory mcf = server();
        ManagedConnection mc = connect(mcf);
        XAResource xa = mc.getXAResource();
        xa.start(xid(1), XAResource.TMNOFLAGS);
        handle(mc).append("s", 0, events("first"));
        xa.end(xid(1), XAResource.TMSUCCESS);
        xa.prepare(xid(1));

        AllSourceConnection other = handle(connect(mcf));
        assertThatThrownBy(() -> other.append("s", 0, events("racer"))).isInstanceOf(VersionConflictException.class);
        xa.commit(xid(1), false);
        assertThat(other.readStream("s", 1, 10, false)).hasSize(1);
    }

    @Test
    void theLoserOfARaceFailsAtPrepareAndNothingOfItIsStored() throws Exception {
        AllSourceManagedConnectionFactory mcf = server();
        ManagedConnection a = connect(mcf), b = connect(mcf);
        a.getXAResource().start(xid(1), XAResource.TMNOFLAGS);
        b.getXAResource().start(xid(2), XAResource.TMNOFLAGS);
        handle(a).append("s", 0, events("a"));
        handle(b).append("s", 0, events("b"));   // both see an empty stream
        a.getXAResource().end(xid(1), XAResource.TMSUCCESS);
        b.getXAResource().end(xid(2), XAResource.TMSUCCESS);

        assertThat(a.getXAResource().prepare(xid(1))).isEqualTo(XAResource.XA_OK);
        assertThatThrownBy(() -> b.getXAResource().prepare(xid(2)))
                .isInstanceOfSatisfying(XAException.class, e -> assertThat(e.errorCode).isEqualTo(XAException.XA_RBINTEGRITY));
        a.getXAResource().commit(xid(1), false);
        assertThat(handle(a).readStream("s", 1, 10, false)).extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
                .containsExactly("{\"t\":\"a\"}");
    }

    @Test
    void onePhaseCommitAppendsWithoutAPrepareRecord() throws Exception {
        ManagedConnection mc = connect(server());
        XAResource xa = mc.getXAResource();
        xa.start(xid(3), XAResource.TMNOFLAGS);
        handle(mc).append("s", 0, events("one"));
        handle(mc).append("s", 1, events("two"));
        handle(mc).append("t", -1, events("other stream"));
        xa.end(xid(3), XAResource.TMSUCCESS);
        xa.commit(xid(3), true);

        AllSourceConnection c = handle(mc);
        assertThat(c.readStream("s", 1, 10, false)).extracting(Record::version).containsExactly(1L, 2L);
        assertThat(c.readAll(1, 10)).extracting(Record::position).containsExactly(1L, 2L, 3L);
        assertThat(xa.recover(XAResource.TMSTARTRSCAN)).isEmpty();
    }

    @Test
    void committingAnUnknownOrAlreadyCommittedBranchAnswersNota() throws Exception {
        ManagedConnection mc = connect(server());
        XAResource xa = mc.getXAResource();
        xa.start(xid(9), XAResource.TMNOFLAGS);
        handle(mc).append("s", 0, events("once"));
        xa.end(xid(9), XAResource.TMSUCCESS);
        xa.prepare(xid(9));
        xa.commit(xid(9), false);
        assertThatThrownBy(() -> xa.commit(xid(9), false))
                .isInstanceOfSatisfying(XAException.class, e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_NOTA));
        assertThatThrownBy(() -> xa.commit(xid(10), false))
                .isInstanceOfSatisfying(XAException.class, e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_NOTA));
        assertThat(handle(mc).readStream("s", 1, 10, false)).hasSize(1);
    }

    @Test
    void anEmptyBranchVotesReadOnly() throws Exception {
        XAResource xa = connect(server()).getXAResource();
        xa.start(xid(4), XAResource.TMNOFLAGS);
        xa.end(xid(4), XAResource.TMSUCCESS);
        assertThat(xa.prepare(xid(4))).isEqualTo(XAResource.XA_RDONLY);
    }

    @Test
    void connectionsOfOneStoreJoinOneBranch() throws Exception {
        AllSourceManagedConnectionFactory mcf = server();
        ManagedConnection a = connect(mcf), b = connect(mcf);
        assertThat(a.getXAResource().isSameRM(b.getXAResource())).isTrue();
        a.getXAResource().start(xid(5), XAResource.TMNOFLAGS);
        b.getXAResource().start(xid(5), XAResource.TMJOIN);
        handle(a).append("s", 0, events("a"));
        handle(b).append("s", 1, events("b"));   // sees a's pending append
        a.getXAResource().end(xid(5), XAResource.TMSUCCESS);
        b.getXAResource().end(xid(5), XAResource.TMSUCCESS);
        a.getXAResource().prepare(xid(5));
        a.getXAResource().commit(xid(5), false);
        assertThat(handle(a).readStream("s", 1, 10, false)).hasSize(2);
    }

    @Test
    void localTransactionCommitsAtomicallyAndRollsBack() throws Exception {
        ManagedConnection mc = connect(server());
        AllSourceConnection c = handle(mc);
        mc.getLocalTransaction().begin();
        c.append("s", 0, events("x"));
        mc.getLocalTransaction().rollback();
        assertThat(c.streamVersion("s")).isZero();

        mc.getLocalTransaction().begin();
        c.append("s", 0, events("y"));
        c.append("u", 0, events("z"));
        mc.getLocalTransaction().commit();
        assertThat(c.readAll(1, 10)).extracting(Record::stream).containsExactly("s", "u");
    }

    @Test
    void aStaleExpectationInsideATransactionFailsFastWithData() throws Exception {
        ManagedConnection mc = connect(server());
        AllSourceConnection c = handle(mc);
        c.append("s", 0, events("committed"));
        mc.getXAResource().start(xid(6), XAResource.TMNOFLAGS);
        assertThatThrownBy(() -> c.append("s", 0, events("stale")))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> {
                    assertThat(e.stream()).isEqualTo("s");
                    assertThat(e.expected()).isZero();
                    assertThat(e.actual()).isEqualTo(1);
                });
    }

    @Test
    void twoFactoriesOnOneDirectoryShareOneEngine() throws Exception {
        AllSourceConnection a = handle(connect(server()));
        AllSourceConnection b = handle(connect(server()));   // WildFly: one adapter per definition
        a.append("s", 0, events("via a"));
        assertThat(b.streamVersion("s")).isEqualTo(1);
    }

    @Test
    void invalidSettingsAreRejectedNamingTheProperty() {
        AllSourceManagedConnectionFactory mcf = server();
        mcf.setFsync("sometimes");
        assertThatThrownBy(() -> mcf.createManagedConnection(null, null)).hasMessageContaining("fsync");
    }
}
