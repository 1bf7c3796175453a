package dev.allframe.allsource.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** An open file of the store, accessed by absolute offsets. Thread-safe for positional reads. */
public interface LogFile extends Closeable {

    /** Reads into {@code dst} from {@code offset}; returns bytes read or -1 at end of file. */
    int read(ByteBuffer dst, long offset) throws IOException;

    /** Writes all remaining bytes of {@code src} at {@code offset}. */
    void write(ByteBuffer src, long offset) throws IOException;

    /** Forces written data to the device ({@code fdatasync}); metadata only when {@code metadata}. */
    void force(boolean metadata) throws IOException;

    long size() throws IOException;

    void truncate(long size) throws IOException;

    /** Reads exactly {@code dst.remaining()} bytes or throws {@link java.io.EOFException}. */
    default void readFully(ByteBuffer dst, long offset) throws IOException {
        long at = offset;
        while (dst.hasRemaining()) {
            int n = read(dst, at);
            if (n < 0) throw new java.io.EOFException("end of file at offset " + at);
            at += n;
        }
    }
}
