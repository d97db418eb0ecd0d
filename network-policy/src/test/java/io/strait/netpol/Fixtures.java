package io.strait.netpol;

import io.strait.netpol.model.Direction;
import io.strait.netpol.model.Ips;
import io.strait.netpol.model.LabelSelector;
import io.strait.netpol.model.NamedPort;
import io.strait.netpol.model.Namespace;
import io.strait.netpol.model.NetworkPolicy;
import io.strait.netpol.model.Pod;
import io.strait.netpol.model.Rule;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Short builders for policy tests. */
public final class Fixtures {
    private Fixtures() {}

    public static InetAddress ip(String text) {
        return Ips.parse(text);
    }

    /** {@code labels("app", "web", "tier", "front")}. */
    public static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    public static LabelSelector sel(String... kv) {
        return LabelSelector.of(labels(kv));
    }

    public static Pod pod(String ns, String name, String ip, Map<String, String> labels, NamedPort... ports) {
        return new Pod(ns, name, labels, List.of(ip(ip)), List.of(ports));
    }

    public static Namespace ns(String name, String... kv) {
        return new Namespace(name, labels(kv));
    }

    public static NetworkPolicy ingress(String ns, String name, LabelSelector podSelector, Rule... rules) {
        return NetworkPolicy.of(ns, name, podSelector, Set.of(), List.of(rules), List.of());
    }

    public static NetworkPolicy egress(String ns, String name, LabelSelector podSelector, Rule... rules) {
        return NetworkPolicy.of(ns, name, podSelector, Set.of(Direction.EGRESS), List.of(), List.of(rules));
    }
}
