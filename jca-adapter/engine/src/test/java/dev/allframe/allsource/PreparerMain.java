package dev.allframe.allsource;

import java.nio.file.Path;
import java.util.List;

/** Child process of {@link TwoPhaseCommitTest}: prepares a transaction, says so, and waits to be killed. */
public final class PreparerMain {
    public static void main(String[] args) throws Exception {
        AllSource s = AllSource.open(Events.options(Path.of(args[0])).segmentSize(64 * 1024).build());
        s.append("acc", ExpectedVersion.NO_STREAM, Events.events(1, "opened"));
        s.prepare("xid-1", List.of(new AppendRequest("acc", 1, Events.events(2, "tx")),
                new AppendRequest("other", ExpectedVersion.NO_STREAM, Events.events(1, "tx"))));
        System.out.println("PREPARED");
        System.out.flush();
        Thread.currentThread().join();
    }
}
