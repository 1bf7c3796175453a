package dev.allframe.allsource.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JVM started from the test class path running a test main class; its stdout lines are collected. */
public final class ChildJvm implements AutoCloseable {
    private static final String EOF = "\u0000EOF";
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread pump;

    public ChildJvm(Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xshare:auto");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (IOException e) {
                lines.add("IOERROR " + e);
            } finally {
                lines.add(EOF);
            }
        }, "child-stdout");
        pump.setDaemon(true);
        pump.start();
    }

    public Process process() {
        return process;
    }

    /** Next line, or null at end of output or when {@code millis} pass. */
    public String nextLine(long millis) throws InterruptedException {
        String l = lines.poll(millis, TimeUnit.MILLISECONDS);
        return l == null || l.equals(EOF) ? null : l;
    }

    /** Kills the child like {@code kill -9} and returns every line it printed. */
    public List<String> killAndDrain() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        pump.join(10_000);
        List<String> out = new ArrayList<>();
        lines.drainTo(out);
        out.remove(EOF);
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) killAndDrain();
    }
}
