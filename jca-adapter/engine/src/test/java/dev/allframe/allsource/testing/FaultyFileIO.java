package dev.allframe.allsource.testing;

import dev.allframe.allsource.io.FileIO;
import dev.allframe.allsource.io.LogFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** {@link FileIO} over the real one, with switches that make force, write or read fail like the OS would. */
public final class FaultyFileIO implements FileIO {
    public final AtomicBoolean failForce = new AtomicBoolean();
    public final AtomicBoolean failWrite = new AtomicBoolean();
    public final AtomicBoolean failRead = new AtomicBoolean();
    public final AtomicLong forces = new AtomicLong();
    public final AtomicLong writes = new AtomicLong();
    /** When set, every force waits until the latch is released (holds the log writer mid-batch). */
    public volatile java.util.concurrent.CountDownLatch forceGate;
    private final FileIO real = FileIO.nio();

    @Override
    public LogFile open(Path file, boolean create) throws IOException {
        return new Faulty(real.open(file, create));
    }

    @Override
    public LogFile openReadOnly(Path file) throws IOException {
        return new Faulty(real.openReadOnly(file));
    }

    @Override
    public void moveAtomically(Path from, Path to) throws IOException {
        real.moveAtomically(from, to);
    }

    @Override
    public void forceDirectory(Path dir) throws IOException {
        real.forceDirectory(dir);
    }

    private final class Faulty implements LogFile {
        private final LogFile f;

        Faulty(LogFile f) {
            this.f = f;
        }

        @Override
        public int read(ByteBuffer dst, long offset) throws IOException {
            if (failRead.get()) throw new IOException("Input/output error (EIO, injected)");
            return f.read(dst, offset);
        }

        @Override
        public void write(ByteBuffer src, long offset) throws IOException {
            if (failWrite.get()) {
                // a full disk may accept part of a write before failing
                int half = src.remaining() / 2;
                ByteBuffer part = src.duplicate();
                part.limit(part.position() + half);
                f.write(part, offset);
                throw new IOException("No space left on device (ENOSPC, injected)");
            }
            writes.incrementAndGet();
            f.write(src, offset);
        }

        @Override
        public void force(boolean metadata) throws IOException {
            java.util.concurrent.CountDownLatch gate = forceGate;
            if (gate != null) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted at the force gate");
                }
            }
            if (failForce.get()) throw new IOException("Input/output error during fsync (injected)");
            forces.incrementAndGet();
            f.force(metadata);
        }

        @Override
        public long size() throws IOException {
            return f.size();
        }

        @Override
        public void truncate(long size) throws IOException {
            f.truncate(size);
        }

        @Override
        public void close() throws IOException {
            f.close();
        }
    }
}
