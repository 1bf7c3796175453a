package dev.allframe.allsource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Child process of {@link CrashRecoveryTest}: appends (fsync ALWAYS) single-stream and
 * multi-stream groups from several threads, asynchronously with many in flight, and prints
 * {@code ACK <position> <id>} for every acknowledged event, until it is killed. With argument
 * {@code trim}, segments are small and converted to history files, and all but the newest sealed one
 * are deleted meanwhile.
 */
public final class CrashWriterMain {
    public static void main(String[] args) throws Exception {
        boolean trim = args.length > 1 && args[1].equals("trim");
        if (trim) System.setProperty("dev.allframe.allsource.historyMaxLag", "0"); // convert (and delete) under full load
        AllSource store = AllSource.open(CrashRecoveryTest.options(Path.of(args[0]), trim));
        System.out.println("READY");
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread th = new Thread(() -> run(store));
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) th.join();
    }

    private static void run(AllSource store) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (true) {
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            for (int k = 0; k < 16; k++) {
                List<AppendRequest> group = group(rnd);
                inFlight.add(store.appendAsync(group).thenAccept(results -> ack(group, results)));
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        }
    }

    private static List<AppendRequest> group(ThreadLocalRandom rnd) {
        String g = UUID.randomUUID().toString();
        int streams = rnd.nextInt(1, 3), perStream = rnd.nextInt(1, 4), n = streams * perStream;
        List<AppendRequest> reqs = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            List<EventData> evs = new ArrayList<>();
            for (int i = 0; i < perStream; i++) {
                String json = "{\"g\":\"" + g + "\",\"n\":" + n + ",\"pad\":\"" + "x".repeat(rnd.nextInt(0, 200)) + "\"}";
                evs.add(EventData.of(UUID.randomUUID(), "Crash", json.getBytes(StandardCharsets.UTF_8)));
            }
            reqs.add(new AppendRequest("s-" + rnd.nextInt(20), ExpectedVersion.ANY, evs));
        }
        return reqs;
    }

    private static void ack(List<AppendRequest> group, List<AppendResult> results) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < group.size(); i++) {
            long p = results.get(i).firstPosition();
            for (EventData e : group.get(i).events()) sb.append("ACK ").append(p++).append(' ').append(e.id()).append('\n');
        }
        System.out.print(sb);
        System.out.flush();
    }
}
