package io.strait.netpol.engine;

import io.strait.netpol.model.Protocol;
import java.net.InetAddress;

/**
 * The one place a running process keeps the policy in force: control threads {@link #publish}
 * a freshly built snapshot, event loops {@link #check} against whichever snapshot is current.
 * One volatile field, no lock; a check never sees a half-built state. Thread-safe.
 */
public final class PolicyHolder {
    private volatile PolicySnapshot current = PolicySnapshot.EMPTY;

    /** Builds a snapshot from the whole desired state and makes it current; returns it. */
    public PolicySnapshot publish(PolicyInputs inputs) {
        PolicySnapshot next = PolicySnapshot.build(inputs);
        current = next;
        return next;
    }

    public PolicySnapshot current() {
        return current;
    }

    /** {@link PolicySnapshot#check} on the current snapshot. */
    public Verdict check(InetAddress src, InetAddress dst, int dstPort, Protocol protocol) {
        return current.check(src, dst, dstPort, protocol);
    }
}
