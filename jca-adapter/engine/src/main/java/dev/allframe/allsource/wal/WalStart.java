package dev.allframe.allsource.wal;

import dev.allframe.allsource.CorruptLogException;
import dev.allframe.allsource.io.FileIO;
import dev.allframe.allsource.io.LogFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Where the WAL starts once older segments were deleted after their events moved to Parquet
 * history files: the first segment kept and the last position held only by history files.
 * Kept in {@code wal/START}, a short text file written to a temporary name, forced and
 * atomically renamed before any segment is deleted; it is absent while every segment since
 * the first is kept.
 * <pre>
 * AllSource WAL start 1
 * first-segment=12
 * history-through=2410331
 * crc32c=1a2b3c4d
 * </pre>
 *
 * @param firstSegment   the lowest segment sequence number the WAL holds (segments below it were deleted)
 * @param historyThrough every position up to this one is served by history files (0: none)
 */
public record WalStart(long firstSegment, long historyThrough) {
    public static final String FILE = "START";
    private static final String TITLE = "AllSource WAL start 1";

    public WalStart {
        if (firstSegment < 1 || historyThrough < 0)
            throw new IllegalArgumentException("bad WAL start: segment " + firstSegment + ", position " + historyThrough);
    }

    /** The WAL of a store that never deleted a segment. */
    public static final WalStart NONE = new WalStart(1, 0);

    /**
     * Reads {@code walDir/START}; {@link #NONE} if there is none.
     *
     * @throws CorruptLogException naming the file if it is damaged
     */
    public static WalStart read(Path walDir) throws IOException {
        Path p = walDir.resolve(FILE);
        String text;
        try {
            text = Files.readString(p, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new CorruptLogException(p, 0, "not a WAL start file (not ASCII text)");
        }
        String[] lines = text.split("\n");
        if (lines.length != 4 || !lines[0].equals(TITLE) || !lines[1].startsWith("first-segment=")
                || !lines[2].startsWith("history-through=") || !lines[3].startsWith("crc32c="))
            throw new CorruptLogException(p, 0, "not a WAL start file (expected '" + TITLE + "' and three keys); it tells "
                    + "where the WAL starts after older segments moved to history files: restore it from a backup");
        String body = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n";
        if (!lines[3].substring(7).equals(crc(body)))
            throw new CorruptLogException(p, 0, "checksum mismatch; restore it from a backup");
        try {
            return new WalStart(Long.parseLong(lines[1].substring(14)), Long.parseLong(lines[2].substring(16)));
        } catch (IllegalArgumentException e) {
            throw new CorruptLogException(p, 0, "bad values: " + e.getMessage());
        }
    }

    /** Writes this start to {@code walDir/START}: temporary file, force, atomic rename, directory force. */
    public void write(FileIO io, Path walDir) throws IOException {
        String body = TITLE + "\nfirst-segment=" + firstSegment + "\nhistory-through=" + historyThrough + "\n";
        byte[] bytes = (body + "crc32c=" + crc(body) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path tmp = walDir.resolve(FILE + ".tmp");
        try (LogFile f = io.open(tmp, true)) {
            f.truncate(0);
            f.write(ByteBuffer.wrap(bytes), 0);
            f.force(true);
        }
        io.moveAtomically(tmp, walDir.resolve(FILE));
        io.forceDirectory(walDir);
    }

    private static String crc(String body) {
        CRC32C c = new CRC32C();
        c.update(body.getBytes(StandardCharsets.US_ASCII));
        return String.format("%08x", c.getValue());
    }
}
