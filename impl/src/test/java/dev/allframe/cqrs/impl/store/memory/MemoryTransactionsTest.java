package dev.allframe.cqrs.impl.store.memory;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.ReadOptions;
import dev.allframe.cqrs.WrongExpectedVersionException;
import dev.allframe.cqrs.impl.FakeTransaction;
import dev.allframe.cqrs.impl.store.EventIds;
import dev.allframe.cqrs.spi.SerializedEvent;
import dev.allframe.cqrs.spi.StoredRecord;
import jakarta.transaction.Status;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static dev.allframe.cqrs.ExpectedVersion.ANY;
import static dev.allframe.cqrs.ExpectedVersion.NO_STREAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The memory backend inside JTA transactions: applied on commit, discarded on rollback. */
class MemoryTransactionsTest {
    private final FakeTransaction jta = new FakeTransaction();
    private final MemoryStorageEngine engine = new MemoryStorageEngine(Optional.of(jta));

    private static List<SerializedEvent> events(int n) {
        return IntStream.range(0, n).mapToObj(i -> new SerializedEvent(EventIds.next(), "E", 1, "", "{}")).toList();
    }

    @Test
    void appendsInATransactionAreSeenByItAloneUntilCommitThenGetPositions() {
        jta.begin();
        AppendResult pending = engine.append("s", NO_STREAM, events(2));
        assertThat(pending).isEqualTo(new AppendResult("s", 1, 2, 0, 0));
        assertThat(engine.version("s")).isEqualTo(2);
        assertThat(engine.read("s", ReadOptions.forwards())).extracting(StoredRecord::position).containsExactly(0L, 0L);
        FakeTransaction.Tx tx = jta.suspend();
        assertThat(engine.version("s")).isZero();
        assertThat(engine.lastPosition()).isZero();
        jta.resume(tx);

        jta.complete(Status.STATUS_COMMITTED);

        assertThat(engine.read("s", ReadOptions.forwards())).extracting(StoredRecord::position).containsExactly(1L, 2L);
        assertThat(engine.lastPosition()).isEqualTo(2);
    }

    @Test
    void aRollbackDiscardsTheAppends() {
        jta.begin();
        engine.append("s", NO_STREAM, events(3));
        jta.complete(Status.STATUS_ROLLEDBACK);

        assertThat(engine.version("s")).isZero();
        assertThat(engine.append("s", NO_STREAM, events(1)).firstPosition()).isEqualTo(1);
    }

    @Test
    void aConflictingCommitInBetweenRollsTheTransactionBack() {
        jta.begin();
        engine.append("s", NO_STREAM, events(1));
        FakeTransaction.Tx first = jta.suspend();
        engine.append("s", NO_STREAM, events(1));
        jta.resume(first);

        assertThatThrownBy(() -> jta.complete(Status.STATUS_COMMITTED))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> assertThat(e.actual()).isEqualTo(1));
        assertThat(engine.version("s")).isEqualTo(1);
        assertThat(engine.lastPosition()).isEqualTo(1);
    }

    @Test
    void anyAppendsOfTwoTransactionsBothCommitWithGapFreePositions() {
        jta.begin();
        engine.append("s", ANY, events(2));
        FakeTransaction.Tx first = jta.suspend();
        jta.begin();
        engine.append("s", ANY, events(1));
        jta.complete(Status.STATUS_COMMITTED);
        jta.resume(first);
        jta.complete(Status.STATUS_COMMITTED);

        assertThat(engine.read("s", ReadOptions.forwards())).extracting(StoredRecord::version).containsExactly(1L, 2L, 3L);
        assertThat(engine.readAll(1, 10)).extracting(StoredRecord::position).containsExactly(1L, 2L, 3L);
    }
}
