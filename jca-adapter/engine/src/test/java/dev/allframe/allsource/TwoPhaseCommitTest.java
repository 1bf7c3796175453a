package dev.allframe.allsource;

import dev.allframe.allsource.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.allframe.allsource.Events.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TwoPhaseCommitTest {
    @TempDir Path dir;

    private AllSource open() {
        return AllSource.open(Events.options(dir).segmentSize(64 * 1024).build());
    }

    @Test
    void preparedTransactionsSurviveACrashAndCanBeCommittedOrRolledBack() {
        try (AllSource s = open()) {
            s.append("a", ExpectedVersion.NO_STREAM, events(1, "a"));
            s.prepare("tx-commit", List.of(new AppendRequest("a", 1, events(2, "c")),
                    new AppendRequest("b", ExpectedVersion.NO_STREAM, events(1, "c"))));
            s.prepare("tx-rollback", List.of(new AppendRequest("c", ExpectedVersion.NO_STREAM, events(1, "r"))));
            assertThat(s.inDoubt()).containsExactlyInAnyOrder("tx-commit", "tx-rollback");
            assertThat(s.lastPosition()).as("prepared events are not visible").isEqualTo(1);
            assertThat(s.readStream("b")).isEmpty();
        } // closed without a decision: a crash between the phases
        try (AllSource s = open()) {
            assertThat(s.inDoubt()).containsExactlyInAnyOrder("tx-commit", "tx-rollback");
            assertThatThrownBy(() -> s.append("b", ExpectedVersion.ANY, events(1, "x"))).isInstanceOf(WrongExpectedVersionException.class);
            s.append("d", ExpectedVersion.NO_STREAM, events(1, "d"));
            List<AppendResult> r = s.commitPrepared("tx-commit");
            assertThat(r).containsExactly(new AppendResult("a", 2, 3, 3, 4), new AppendResult("b", 1, 1, 5, 5));
            s.rollbackPrepared("tx-rollback");
            assertThat(s.inDoubt()).isEmpty();
            assertThat(s.readStream("c")).isEmpty();
            s.append("c", ExpectedVersion.NO_STREAM, events(1, "c2"));
            assertThatThrownBy(() -> s.commitPrepared("tx-commit")).isInstanceOf(AllSourceException.class)
                    .hasMessageContaining("no prepared transaction");
        }
        try (AllSource s = open()) {
            assertThat(s.inDoubt()).isEmpty();
            assertThat(s.readAll(1, 100)).extracting(StoredEvent::stream).containsExactly("a", "d", "a", "a", "b", "c");
        }
    }

    @Test
    void transactionPreparedByAKilledProcessIsInDoubtAndCanBeCommitted() throws Exception {
        try (ChildJvm child = new ChildJvm(PreparerMain.class, dir.toString())) {
            assertThat(child.nextLine(20_000)).isEqualTo("PREPARED");
            child.killAndDrain();
        }
        try (AllSource s = open()) {
            assertThat(s.inDoubt()).containsExactly("xid-1");
            assertThatThrownBy(() -> s.append("other", ExpectedVersion.ANY, events(1, "x"))).isInstanceOf(WrongExpectedVersionException.class);
            assertThat(s.commitPrepared("xid-1")).extracting(AppendResult::firstPosition).containsExactly(2L, 4L);
        }
        try (AllSource s = open()) {
            assertThat(s.inDoubt()).isEmpty();
            assertThat(s.readStream("acc")).hasSize(3);
            assertThat(s.readStream("other")).hasSize(1);
        }
    }

    @Test
    void aPreparedStreamBlocksConflictingWritersUntilDecided() {
        try (AllSource s = open()) {
            s.prepare("tx", List.of(new AppendRequest("acc", ExpectedVersion.NO_STREAM, events(1, "p"))));
            assertThatThrownBy(() -> s.append("acc", ExpectedVersion.ANY, events(1, "x")))
                    .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> assertThat(e.stream()).isEqualTo("acc"));
            assertThatThrownBy(() -> s.prepare("tx2", List.of(new AppendRequest("acc", ExpectedVersion.ANY, events(1, "y")))))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertThatThrownBy(() -> s.prepare("tx", List.of(new AppendRequest("other", ExpectedVersion.ANY, events(1, "y")))))
                    .hasMessageContaining("already prepared");
            assertThat(s.inDoubt()).containsExactly("tx");
            s.rollbackPrepared("tx");
            assertThat(s.append("acc", ExpectedVersion.NO_STREAM, events(1, "z")).firstVersion()).isEqualTo(1);
        }
    }

    @Test
    void prepareWithAStaleVersionPreparesNothing() {
        try (AllSource s = open()) {
            s.append("a", ExpectedVersion.NO_STREAM, events(1, "a"));
            assertThatThrownBy(() -> s.prepare("tx", List.of(new AppendRequest("a", ExpectedVersion.NO_STREAM, events(1, "p")))))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertThat(s.inDoubt()).isEmpty();
            s.append("a", 1, events(1, "b"));
        }
    }
}
