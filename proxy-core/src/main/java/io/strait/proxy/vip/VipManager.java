package io.strait.proxy.vip;

import io.strait.proxy.plan.DataplanePlan;
import io.strait.proxy.plan.FrontendKind;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Makes a set of Service addresses local on the node; takes the whole desired set each time. */
public interface VipManager {
    /**
     * Adds the addresses that are missing and removes the ones this manager added before (in this
     * run or an earlier one) that are no longer wanted. Loopback addresses are never programmed.
     * Returns one message per address that could not be programmed (naming the address and the
     * command's error); the others are in effect.
     */
    List<String> sync(Set<InetAddress> desired);

    /** The addresses a plan's ClusterIP, external IP and LoadBalancer IP frontends need, loopback excluded. */
    static Set<InetAddress> wanted(DataplanePlan plan) {
        Set<InetAddress> out = new TreeSet<>(IpTool.ADDRESS_ORDER);
        plan.routes().forEach((frontend, route) -> {
            InetAddress ip = frontend.address().getAddress();
            if (route.kind() != FrontendKind.NODE_PORT && programmable(ip)) {
                out.add(ip);
            }
        });
        return out;
    }

    /** False for 127.0.0.0/8, ::1 and the wildcard addresses: those are never put on a device. */
    static boolean programmable(InetAddress ip) {
        return !ip.isLoopbackAddress() && !ip.isAnyLocalAddress();
    }
}
