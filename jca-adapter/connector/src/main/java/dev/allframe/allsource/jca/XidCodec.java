package dev.allframe.allsource.jca;

import javax.transaction.xa.Xid;
import java.util.Arrays;
import java.util.HexFormat;

/** Encodes an XA xid as the engine's transaction id ({@code formatId:gtrid:bqual}, hex) and back. */
final class XidCodec {
    private static final HexFormat HEX = HexFormat.of();

    private XidCodec() {
    }

    static String encode(Xid xid) {
        return xid.getFormatId() + ":" + HEX.formatHex(xid.getGlobalTransactionId()) + ":" + HEX.formatHex(xid.getBranchQualifier());
    }

    /** Decodes an engine transaction id; {@code null} if it was not written by {@link #encode}. */
    static Xid decode(String txId) {
        String[] parts = txId.split(":", -1);
        if (parts.length != 3) return null;
        try {
            return new SimpleXid(Integer.parseInt(parts[0]), HEX.parseHex(parts[1]), HEX.parseHex(parts[2]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A plain xid value. */
    record SimpleXid(int formatId, byte[] gtrid, byte[] bqual) implements Xid {
        @Override
        public int getFormatId() { return formatId; }

        @Override
        public byte[] getGlobalTransactionId() { return gtrid.clone(); }

        @Override
        public byte[] getBranchQualifier() { return bqual.clone(); }

        @Override
        public boolean equals(Object o) {
            return o instanceof Xid x && x.getFormatId() == formatId && Arrays.equals(x.getGlobalTransactionId(), gtrid)
                    && Arrays.equals(x.getBranchQualifier(), bqual);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * formatId + Arrays.hashCode(gtrid)) + Arrays.hashCode(bqual);
        }
    }
}
