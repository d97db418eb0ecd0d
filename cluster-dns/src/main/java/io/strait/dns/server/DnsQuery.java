package io.strait.dns.server;

import io.netty.buffer.ByteBuf;

/**
 * One decoded query: the header fields a response echoes, the single question (its name as the
 * client spelled it, for DNS 0x20), and the EDNS0 OPT record if any (RFC 6891 section 6.1.2).
 *
 * @param udpPayload the requester's UDP payload size (512 without EDNS)
 * @param ednsVersion the OPT version, or -1 without EDNS
 */
public record DnsQuery(int id, int opcode, boolean recursionDesired, boolean checkingDisabled, String name,
                       int type, int dnsClass, int udpPayload, int ednsVersion, boolean dnssecOk) {
    public static final int HEADER = 12;
    public static final int TYPE_OPT = 41;

    /** The header of a message whose question could not be read: enough for a FORMERR reply. */
    public static DnsQuery headerOf(ByteBuf msg) {
        int flags = msg.getUnsignedShort(msg.readerIndex() + 2);
        return new DnsQuery(msg.getUnsignedShort(msg.readerIndex()), (flags >> 11) & 0xf, (flags & 0x0100) != 0,
                (flags & 0x0010) != 0, null, 0, 0, 512, -1, false);
    }

    public boolean edns() {
        return ednsVersion >= 0;
    }

    /**
     * Decodes a query. A message too short for a header, or one with QR set (a response, never to
     * be answered: no reflection loops), yields null; anything else malformed throws with a reason.
     */
    public static DnsQuery decode(ByteBuf msg) throws MalformedMessageException {
        if (msg.readableBytes() < HEADER) {
            return null;
        }
        int base = msg.readerIndex();
        int flags = msg.getUnsignedShort(base + 2);
        if ((flags & 0x8000) != 0) {
            return null;
        }
        int qd = msg.getUnsignedShort(base + 4);
        int an = msg.getUnsignedShort(base + 6);
        int ns = msg.getUnsignedShort(base + 8);
        int ar = msg.getUnsignedShort(base + 10);
        if (qd != 1) {
            throw new MalformedMessageException("a query holds exactly one question, this one " + qd);
        }
        ByteBuf in = msg.slice(); // offsets from the message start, as compression pointers count
        in.readerIndex(HEADER);
        String name = Wire.readName(in);
        if (in.readableBytes() < 4) {
            throw new MalformedMessageException("question cut off");
        }
        int type = in.readUnsignedShort();
        int dnsClass = in.readUnsignedShort();
        for (int i = 0; i < an + ns; i++) {
            skipRecord(in);
        }
        int payload = 512;
        int version = -1;
        boolean dnssecOk = false;
        for (int i = 0; i < ar; i++) {
            String owner = Wire.readName(in);
            if (in.readableBytes() < 10) {
                throw new MalformedMessageException("additional record cut off");
            }
            int rtype = in.readUnsignedShort();
            int rclass = in.readUnsignedShort();
            long ttl = in.readUnsignedInt();
            int rdlen = in.readUnsignedShort();
            if (in.readableBytes() < rdlen) {
                throw new MalformedMessageException("additional record data cut off");
            }
            in.skipBytes(rdlen);
            if (rtype == TYPE_OPT) {
                if (version >= 0 || !owner.isEmpty()) {
                    throw new MalformedMessageException(version >= 0 ? "more than one OPT record" : "OPT owner is not the root");
                }
                payload = Math.max(512, rclass);
                version = (int) ((ttl >> 16) & 0xff);
                dnssecOk = (ttl & 0x8000) != 0;
            }
        }
        if (in.isReadable()) {
            throw new MalformedMessageException(in.readableBytes() + " bytes after the last record");
        }
        return new DnsQuery(msg.getUnsignedShort(base), (flags >> 11) & 0xf, (flags & 0x0100) != 0,
                (flags & 0x0010) != 0, name, type, dnsClass, payload, version, dnssecOk);
    }

    private static void skipRecord(ByteBuf in) throws MalformedMessageException {
        Wire.readName(in);
        if (in.readableBytes() < 10) {
            throw new MalformedMessageException("record cut off");
        }
        in.skipBytes(8);
        int rdlen = in.readUnsignedShort();
        if (in.readableBytes() < rdlen) {
            throw new MalformedMessageException("record data cut off");
        }
        in.skipBytes(rdlen);
    }
}
