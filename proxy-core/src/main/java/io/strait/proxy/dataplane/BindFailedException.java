package io.strait.proxy.dataplane;

import io.strait.proxy.plan.Frontend;

/** A frontend socket could not be opened (address in use, address not local, no permission). */
public final class BindFailedException extends RuntimeException {
    private final Frontend frontend;
    private final String reason;

    public BindFailedException(Frontend frontend, String reason) {
        super("cannot listen on " + frontend + ": " + reason);
        this.frontend = frontend;
        this.reason = reason;
    }

    /** The OS error (or other cause), without the frontend. */
    public String reason() {
        return reason;
    }

    public Frontend frontend() {
        return frontend;
    }
}
