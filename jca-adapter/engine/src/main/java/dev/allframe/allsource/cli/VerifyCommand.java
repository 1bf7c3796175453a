package dev.allframe.allsource.cli;

import dev.allframe.allsource.recovery.LogVerifier;
import dev.allframe.allsource.recovery.Recovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.allframe.allsource.parquet.HistoryFileException;
import dev.allframe.allsource.parquet.ParquetHistory;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Checks every record's checksum and the positions, and the footers of the history files; prints damage with file and offset. */
@Command(name = "verify", description = "Check checksums and gap-free positions; exit 1 on damage (file + offset printed).")
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "data directory")
    Path dir;

    @Override
    public Integer call() throws Exception {
        LogVerifier.Report r = LogVerifier.verify(dir);
        for (Recovery.Issue i : r.issues()) System.out.println("DAMAGE " + i.file() + " offset " + i.offset() + ": " + i.problem());
        int history = 0, badHistory = 0;
        Path historyDir = dir.resolve("history");
        if (Files.isDirectory(historyDir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(historyDir, "*.parquet")) {
                for (Path f : files) {
                    history++;
                    try {
                        if (Files.size(f) == 0) throw new HistoryFileException(f, "is empty (0 bytes)", null);
                        ParquetHistory.summary(f);
                    } catch (HistoryFileException e) {
                        badHistory++;
                        System.out.println("DAMAGE " + f + " offset 0: " + e.getMessage());
                    }
                }
            }
        }
        boolean ok = r.issues().isEmpty() && badHistory == 0;
        System.out.println((ok ? "OK " : "DAMAGED ") + r.events() + " events, positions "
                + r.firstPosition() + ".." + r.lastPosition() + ", " + r.segments() + " segments, "
                + history + " history files");
        return ok ? 0 : 1;
    }
}
