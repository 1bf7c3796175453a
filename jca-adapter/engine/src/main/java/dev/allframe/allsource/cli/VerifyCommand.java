package dev.allframe.allsource.cli;

import dev.allframe.allsource.recovery.LogVerifier;
import dev.allframe.allsource.recovery.Recovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Checks every record's checksum and the positions; prints damage with file and offset. */
@Command(name = "verify", description = "Check checksums and gap-free positions; exit 1 on damage (file + offset printed).")
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "data directory")
    Path dir;

    @Override
    public Integer call() throws Exception {
        LogVerifier.Report r = LogVerifier.verify(dir);
        for (Recovery.Issue i : r.issues()) System.out.println("DAMAGE " + i.file() + " offset " + i.offset() + ": " + i.problem());
        System.out.println((r.issues().isEmpty() ? "OK " : "DAMAGED ") + r.events() + " events, positions "
                + r.firstPosition() + ".." + r.lastPosition() + ", " + r.segments() + " segments");
        return r.issues().isEmpty() ? 0 : 1;
    }
}
