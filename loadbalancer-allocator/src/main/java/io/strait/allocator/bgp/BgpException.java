package io.strait.allocator.bgp;

/**
 * A protocol error that ends the session with a NOTIFICATION carrying this code and subcode
 * (RFC 4271 §6). Thrown by the decoder and the FSM; never escapes a channel handler.
 */
public final class BgpException extends Exception {
    public static final int HEADER = 1;
    public static final int OPEN = 2;
    public static final int UPDATE = 3;
    public static final int HOLD_TIMER = 4;
    public static final int FSM = 5;
    public static final int CEASE = 6;
    /** RFC 4486 §4 Cease subcode: the speaker is being shut down by its operator. */
    public static final int CEASE_ADMINISTRATIVE_SHUTDOWN = 2;

    private final int code;
    private final int subcode;
    private final byte[] data;

    public BgpException(int code, int subcode, String message) {
        this(code, subcode, new byte[0], message);
    }

    public BgpException(int code, int subcode, byte[] data, String message) {
        super(message);
        this.code = code;
        this.subcode = subcode;
        this.data = data.clone();
    }

    public int code() {
        return code;
    }

    public int subcode() {
        return subcode;
    }

    public BgpMessage.Notification notification() {
        return new BgpMessage.Notification(code, subcode, data);
    }

    /**
     * The data of an Administrative Shutdown or Reset Cease (RFC 9003 §2): one length octet, then
     * at most 255 octets of UTF-8 (cut at a character boundary).
     */
    static byte[] shutdownCommunication(String text) {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int n = Math.min(utf8.length, 255);
        while (n < utf8.length && n > 0 && (utf8[n] & 0xc0) == 0x80) {
            n--; // do not split a multi-octet character
        }
        byte[] out = new byte[n + 1];
        out[0] = (byte) n;
        System.arraycopy(utf8, 0, out, 1, n);
        return out;
    }

    static String describe(int code, int subcode) {
        return switch (code) {
            case HEADER -> "message header error";
            case OPEN -> subcode == 2 ? "bad peer AS" : subcode == 6 ? "unacceptable hold time" : "OPEN message error";
            case UPDATE -> "UPDATE message error";
            case HOLD_TIMER -> "hold timer expired";
            case FSM -> "finite state machine error";
            case CEASE -> switch (subcode) {
                case 1 -> "cease: maximum number of prefixes reached";
                case 2 -> "cease: administrative shutdown";
                case 3 -> "cease: peer de-configured";
                case 4 -> "cease: administrative reset";
                case 5 -> "cease: connection rejected";
                case 6 -> "cease: other configuration change";
                case 7 -> "cease: connection collision resolution";
                case 8 -> "cease: out of resources";
                default -> "cease";
            };
            default -> "unknown error code";
        };
    }
}
