package io.strait.proxy.dataplane;

/**
 * What a flow-table entry's attachment is: the connection or UDP flow that owns it. Called from the
 * housekeeping thread; implementations hop to their own event loop before touching their state.
 */
interface FlowOwner {
    /** The flow was idle longer than its timeout and is already out of the table: close. */
    void idleExpired();

    /** The frontend was deleted and its grace period ended: close. */
    void drainEnded();
}
