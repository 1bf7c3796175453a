package dev.allframe.allsource.core;

import dev.allframe.allsource.AllSourceException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive OS lock on a data directory ({@code .lock}, holding the owner's pid), so that no two
 * engines — in two processes or in one JVM — ever write the same log.
 */
final class DirectoryLock implements AutoCloseable {
    static final String FILE = ".lock";
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DirectoryLock acquire(Path dir) {
        Path file = dir.resolve(FILE);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new AllSourceException("ALLSOURCE-0003 cannot create lock file " + file + ": " + e.getMessage(), e);
        }
        try {
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new AllSourceException("ALLSOURCE-0001 data directory " + dir + " is already open in this JVM "
                        + "(pid " + ProcessHandle.current().pid() + "); share one engine per directory through "
                        + "AllSourceRegistry.acquire(options)");
            }
            if (l == null) {
                throw new AllSourceException("ALLSOURCE-0002 data directory " + dir + " is locked by another process ("
                        + holder(ch) + "); stop it or use another directory");
            }
            byte[] me = ("pid=" + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me), 0);
            return new DirectoryLock(ch, l);
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(ch, e);
            if (e instanceof RuntimeException r) throw r;
            throw new AllSourceException("ALLSOURCE-0003 cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64);
        int n = ch.read(b, 0);
        String s = n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.US_ASCII).trim();
        return s.isEmpty() ? "holder pid unknown" : s;
    }

    private static void closeAfterFailure(FileChannel ch, Exception cause) {
        try {
            ch.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) lock.release();
        } finally {
            channel.close();
        }
    }
}
