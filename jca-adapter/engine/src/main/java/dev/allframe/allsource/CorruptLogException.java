package dev.allframe.allsource;

import java.nio.file.Path;

/** The log holds damaged bytes that recovery will not repair on its own. */
public class CorruptLogException extends AllSourceException {
    private final Path file;
    private final long offset;

    public CorruptLogException(Path file, long offset, String reason) {
        super("corrupt log " + file + " at offset " + offset + ": " + reason
                + " (open with quarantine enabled to move the damaged bytes aside)");
        this.file = file;
        this.offset = offset;
    }

    public Path file() { return file; }

    public long offset() { return offset; }
}
