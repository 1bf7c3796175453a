package dev.allframe.allsource.cli;

import dev.allframe.allsource.recovery.LogVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** Prints counts describing the store as JSON. */
@Command(name = "stats", description = "Print events, streams, bytes, segments, history files, in-doubt transactions (JSON).")
final class StatsCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "data directory")
    Path dir;

    @Override
    public Integer call() throws Exception {
        LogVerifier.Report r = LogVerifier.verify(dir);
        long parquet = 0;
        Path history = dir.resolve("history");
        if (Files.isDirectory(history)) {
            try (Stream<Path> s = Files.list(history)) {
                parquet = s.filter(p -> p.toString().endsWith(".parquet")).count();
            }
        }
        System.out.println("{\"events\":" + r.events() + ",\"streams\":" + r.streams() + ",\"bytes\":" + r.bytes()
                + ",\"segments\":" + r.segments() + ",\"parquetFiles\":" + parquet + ",\"firstPosition\":" + r.firstPosition()
                + ",\"lastPosition\":" + r.lastPosition() + ",\"inDoubt\":" + r.inDoubt() + ",\"damaged\":" + !r.issues().isEmpty() + "}");
        return r.issues().isEmpty() ? 0 : 1;
    }
}
