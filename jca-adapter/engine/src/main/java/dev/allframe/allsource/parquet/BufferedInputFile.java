package dev.allframe.allsource.parquet;

import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A local Parquet input file read through a {@link FileChannel} with an 8 KiB buffer. parquet-java's
 * {@code LocalInputFile} reads single bytes with one system call each, and the page indexes (Thrift,
 * decoded byte by byte) are read that way: a point read of a history file spent most of its time there.
 */
final class BufferedInputFile implements InputFile {
    private static final int BUFFER = 8192;
    private final Path path;

    BufferedInputFile(Path path) {
        this.path = path;
    }

    @Override
    public long getLength() throws IOException {
        try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ)) {
            return c.size();
        }
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
        return new Stream(FileChannel.open(path, StandardOpenOption.READ));
    }

    @Override
    public String toString() {
        return path.toString();
    }

    /** Reads through a buffer; {@code pos} is the file position of the next byte handed out. */
    private static final class Stream extends SeekableInputStream {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).limit(0);
        private long bufferStart; // file position of buffer[0]
        private long pos;

        Stream(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) throws IOException {
            if (newPos < 0) throw new IOException("negative position " + newPos);
            pos = newPos;
            if (newPos >= bufferStart && newPos <= bufferStart + buffer.limit()) buffer.position((int) (newPos - bufferStart));
            else buffer.limit(0).position(0);
        }

        /** Refills the buffer at {@code pos}; false at the end of the file. */
        private boolean fill() throws IOException {
            buffer.clear();
            bufferStart = pos;
            int n;
            do {
                n = channel.read(buffer, pos + buffer.position());
            } while (n == 0);
            buffer.flip();
            return buffer.hasRemaining();
        }

        @Override
        public int read() throws IOException {
            if (!buffer.hasRemaining() && !fill()) return -1;
            pos++;
            return buffer.get() & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (buffer.hasRemaining()) {
                int n = Math.min(len, buffer.remaining());
                buffer.get(b, off, n);
                pos += n;
                return n;
            }
            if (len >= BUFFER) { // large reads bypass the buffer
                int n = channel.read(ByteBuffer.wrap(b, off, len), pos);
                if (n > 0) pos += n;
                return n;
            }
            if (!fill()) return -1;
            return read(b, off, len);
        }

        @Override
        public void readFully(byte[] b) throws IOException {
            readFully(b, 0, b.length);
        }

        @Override
        public void readFully(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = read(b, off, len);
                if (n < 0) throw new EOFException("end of file at " + pos + " with " + len + " bytes still to read");
                off += n;
                len -= n;
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!dst.hasRemaining()) return 0;
            if (buffer.hasRemaining()) {
                int n = Math.min(dst.remaining(), buffer.remaining());
                ByteBuffer slice = buffer.slice();
                slice.limit(n);
                dst.put(slice);
                buffer.position(buffer.position() + n);
                pos += n;
                return n;
            }
            int n = channel.read(dst, pos);
            if (n > 0) pos += n;
            return n;
        }

        @Override
        public void readFully(ByteBuffer dst) throws IOException {
            while (dst.hasRemaining()) {
                int n = read(dst);
                if (n < 0) throw new EOFException("end of file at " + pos + " with " + dst.remaining() + " bytes still to read");
            }
        }

        @Override
        public long skip(long n) throws IOException {
            if (n <= 0) return 0;
            seek(pos + n);
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
