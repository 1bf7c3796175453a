package dev.allframe.allsource.recovery;

/**
 * How the scan of one segment ended.
 *
 * @param status     CLEAN (valid records then zeros), TORN (an unfinished write at the end) or
 *                   CORRUPT (damage followed by later valid batches)
 * @param end        CLEAN: where valid data ends; TORN: where the last complete group ends (the cut);
 *                   CORRUPT: start of the damaged group (quarantine starts here)
 * @param brokenAt   offset of the first invalid byte run (TORN, CORRUPT), else {@code end}
 * @param resume     CORRUPT: offset of the next valid batch; TORN: end of the non-zero bytes to clear
 * @param reason     what is wrong, for messages
 */
public record ScanResult(Status status, int end, int brokenAt, int resume, String reason) {
    /** Outcome kinds. */
    public enum Status { CLEAN, TORN, CORRUPT }
}
