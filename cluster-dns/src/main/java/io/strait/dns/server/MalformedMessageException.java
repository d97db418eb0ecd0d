package io.strait.dns.server;

/** A message that breaks RFC 1035's format; the reason says where. */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String reason) {
        super(reason, null, false, false); // no stack trace: thrown for every bad packet
    }
}
