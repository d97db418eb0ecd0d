package io.strait.dns.server;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 1035 section 4.1.4 names: reading with compression pointers (only backwards, at most 127
 * jumps, so a crafted loop ends), writing with owner-name compression. Names are dotted text
 * without the trailing dot; a label holding a dot or a byte outside printable ASCII is rejected
 * (the cluster zone has none, and refusing them keeps "a.b" as one label from matching two).
 */
public final class Wire {
    public static final int MAX_NAME = 255;

    private Wire() {}

    /** Reads the name at the reader index and moves past it. */
    public static String readName(ByteBuf buf) throws MalformedMessageException {
        StringBuilder sb = new StringBuilder();
        int pos = buf.readerIndex();
        int end = -1;
        int jumps = 0;
        int length = 0;
        while (true) {
            if (pos >= buf.writerIndex()) {
                throw new MalformedMessageException("name runs past the end of the message");
            }
            int len = buf.getUnsignedByte(pos);
            if ((len & 0xc0) == 0xc0) {
                if (pos + 1 >= buf.writerIndex()) {
                    throw new MalformedMessageException("compression pointer cut off");
                }
                int target = ((len & 0x3f) << 8) | buf.getUnsignedByte(pos + 1);
                if (end < 0) {
                    end = pos + 2;
                }
                if (target >= pos || ++jumps > 127) {
                    throw new MalformedMessageException("compression pointer does not point backwards");
                }
                pos = target;
                continue;
            }
            if ((len & 0xc0) != 0) {
                throw new MalformedMessageException("unknown label type 0x" + Integer.toHexString(len & 0xc0));
            }
            if (len == 0) {
                buf.readerIndex(end < 0 ? pos + 1 : end);
                return sb.toString();
            }
            length += len + 1;
            if (length > MAX_NAME || pos + 1 + len > buf.writerIndex()) {
                throw new MalformedMessageException(length > MAX_NAME ? "name longer than 255 bytes" : "label cut off");
            }
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            for (int i = 0; i < len; i++) {
                int c = buf.getUnsignedByte(pos + 1 + i);
                if (c <= 0x20 || c >= 0x7f || c == '.' || c == '\\') {
                    throw new MalformedMessageException("label byte 0x" + Integer.toHexString(c) + " is not served here");
                }
                sb.append((char) c);
            }
            pos += 1 + len;
        }
    }

    /**
     * Writes a name, pointing at an earlier occurrence of any suffix (keys lower case, offsets
     * below 0x4000) and recording the new ones; pass null to write uncompressed.
     */
    public static void writeName(ByteBuf out, String name, Map<String, Integer> compression) {
        String rest = name;
        while (!rest.isEmpty()) {
            if (compression != null) {
                Integer at = compression.get(rest.toLowerCase(Locale.ROOT));
                if (at != null) {
                    out.writeShort(0xc000 | at);
                    return;
                }
                int offset = out.writerIndex(); // the message starts at index 0
                if (offset < 0x4000) {
                    compression.put(rest.toLowerCase(Locale.ROOT), offset);
                }
            }
            int dot = rest.indexOf('.');
            String label = dot < 0 ? rest : rest.substring(0, dot);
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            out.writeByte(bytes.length).writeBytes(bytes);
            rest = dot < 0 ? "" : rest.substring(dot + 1);
        }
        out.writeByte(0);
    }

    /** The wire length of a name written uncompressed. */
    public static int nameLength(String name) {
        return name.isEmpty() ? 1 : name.length() + 2;
    }
}
