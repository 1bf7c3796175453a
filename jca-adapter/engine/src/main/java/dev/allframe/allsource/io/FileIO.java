package dev.allframe.allsource.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The engine's only door to the file system for log, snapshot and quarantine data. The default,
 * {@link #nio()}, uses {@link java.nio.channels.FileChannel}; tests wrap it to inject faults
 * (failed fsync, full disk, read errors).
 */
public interface FileIO {

    /** Opens {@code file} for reading and writing, creating it when {@code create}. */
    LogFile open(Path file, boolean create) throws IOException;

    /** Opens {@code file} read-only. */
    LogFile openReadOnly(Path file) throws IOException;

    /** Atomically renames {@code from} to {@code to} (same directory tree). */
    void moveAtomically(Path from, Path to) throws IOException;

    /** Forces a directory entry change (create/rename) to disk. */
    void forceDirectory(Path dir) throws IOException;

    /** The plain NIO implementation. */
    static FileIO nio() {
        return NioFileIO.INSTANCE;
    }
}
