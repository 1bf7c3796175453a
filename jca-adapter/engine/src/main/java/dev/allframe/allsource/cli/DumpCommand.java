package dev.allframe.allsource.cli;

import dev.allframe.allsource.StoredEvent;
import dev.allframe.allsource.recovery.LogEvents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Prints committed events as JSON lines. */
@Command(name = "dump", description = "Print committed events as JSON lines (payload and metadata as JSON text).")
final class DumpCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "data directory")
    Path dir;

    @Option(names = "--from", description = "first global position (default 1)")
    long from = 1;

    @Option(names = "--limit", description = "most events to print")
    long limit = Long.MAX_VALUE;

    @Override
    public Integer call() {
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        LogEvents events = new LogEvents(dir);
        long n = 0;
        while (events.hasNext() && n < limit) {
            StoredEvent e = events.next();
            if (e.position() < from) continue;
            out.println(Json.line(e));
            n++;
        }
        out.flush();
        for (String problem : events.problems()) System.err.println("DAMAGE " + problem + " (events after it not dumped; see verify)");
        return events.problems().isEmpty() ? 0 : 1;
    }
}
