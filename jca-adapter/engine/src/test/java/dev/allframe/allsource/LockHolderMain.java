package dev.allframe.allsource;

import java.nio.file.Path;

/** Child process of {@link DirectoryLockTest}: opens a store, appends once, and holds it until killed. */
public final class LockHolderMain {
    public static void main(String[] args) throws Exception {
        AllSource s = AllSource.open(Events.options(Path.of(args[0])).segmentSize(64 * 1024).build());
        s.append("held", ExpectedVersion.ANY, Events.events(1, "h"));
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.currentThread().join();
    }
}
