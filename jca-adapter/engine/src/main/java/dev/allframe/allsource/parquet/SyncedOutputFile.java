package dev.allframe.allsource.parquet;

import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A Parquet {@link OutputFile} over a {@link FileChannel} that forces the file's content and
 * metadata to disk when the stream is closed (parquet-java's {@code LocalOutputFile} never fsyncs).
 * Creates the file; refuses to overwrite one.
 */
final class SyncedOutputFile implements OutputFile {
    private static final int BUFFER_SIZE = 256 * 1024;

    private final Path path;

    SyncedOutputFile(Path path) {
        this.path = path;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        return new Stream(FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return path.toString();
    }

    private static final class Stream extends PositionOutputStream {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        private static final long FORCE_EVERY = 1 << 20;
        private long position, forced;
        private boolean closed;

        Stream(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            if (!buffer.hasRemaining()) drain();
            buffer.put((byte) b);
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > buffer.remaining()) {
                drain();
                if (len > buffer.capacity()) {
                    writeFully(ByteBuffer.wrap(b, off, len));
                    position += len;
                    forceNowAndThen();
                    return;
                }
            }
            buffer.put(b, off, len);
            position += len;
        }

        @Override
        public void flush() throws IOException {
            drain();
        }

        private void drain() throws IOException {
            buffer.flip();
            writeFully(buffer);
            buffer.clear();
            forceNowAndThen();
        }

        /**
         * Forces every {@value #FORCE_EVERY} bytes: a device cache flush waits for every write in
         * flight, so one flush of a whole file at close would hold up the log writer's fdatasyncs.
         */
        private void forceNowAndThen() throws IOException {
            if (position - forced < FORCE_EVERY) return;
            channel.force(false);
            forced = position;
        }

        private void writeFully(ByteBuffer src) throws IOException {
            while (src.hasRemaining()) channel.write(src);
        }

        /** Writes what is buffered, fsyncs (data and metadata) and closes the channel. */
        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            try (FileChannel c = channel) {
                drain();
                c.force(true);
            }
        }
    }
}
