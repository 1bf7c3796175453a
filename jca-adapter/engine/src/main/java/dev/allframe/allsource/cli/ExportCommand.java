package dev.allframe.allsource.cli;

import dev.allframe.allsource.parquet.HistoryFileSummary;
import dev.allframe.allsource.parquet.ParquetHistory;
import dev.allframe.allsource.recovery.LogEvents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Writes every committed event into one Parquet file. */
@Command(name = "export", description = "Write all committed events to a Parquet file (temp name, fsync, atomic rename).")
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "data directory")
    Path dir;

    @Parameters(index = "1", description = "target .parquet file")
    Path out;

    @Override
    public Integer call() {
        LogEvents events = new LogEvents(dir);
        if (!events.hasNext()) {
            System.err.println("no events in " + dir + "; nothing exported");
            return 1;
        }
        HistoryFileSummary s = ParquetHistory.write(out, events);
        System.out.println("exported " + s.rowCount() + " events (positions " + s.minPosition() + ".." + s.maxPosition()
                + ") to " + out + " (" + s.fileSize() + " bytes)");
        for (String problem : events.problems()) System.err.println("DAMAGE " + problem + " (events after it not exported; see verify)");
        return events.problems().isEmpty() ? 0 : 1;
    }
}
