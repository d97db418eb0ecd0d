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

    static String describe(int code, int subcode) {
        return switch (code) {
            case HEADER -> "message header error";
            case OPEN -> subcode == 2 ? "bad peer AS" : subcode == 6 ? "unacceptable hold time" : "OPEN message error";
            case UPDATE -> "UPDATE message error";
            case HOLD_TIMER -> "hold timer expired";
            case FSM -> "finite state machine error";
            case CEASE -> "cease";
            default -> "unknown error code";
        };
    }
}
