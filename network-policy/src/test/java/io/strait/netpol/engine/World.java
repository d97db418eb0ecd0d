package io.strait.netpol.engine;

import io.strait.netpol.model.Cidr;
import io.strait.netpol.model.Direction;
import io.strait.netpol.model.Ips;
import io.strait.netpol.model.LabelSelector;
import io.strait.netpol.model.NamedPort;
import io.strait.netpol.model.Namespace;
import io.strait.netpol.model.NetworkPolicy;
import io.strait.netpol.model.Peer;
import io.strait.netpol.model.Pod;
import io.strait.netpol.model.PolicyPort;
import io.strait.netpol.model.Protocol;
import io.strait.netpol.model.Requirement;
import io.strait.netpol.model.Rule;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A random small cluster drawn from a seed: 3 namespaces, up to 4 pods each (some dual-stack),
 * up to 5 policies with every kind of selector, peer and port over small label and port domains
 * (so that selectors and ports collide often), and the addresses worth probing.
 */
public record World(PolicyInputs inputs, List<InetAddress> addresses) {
    static final List<Integer> PORTS = List.of(53, 80, 81, 8080);
    private static final String[] NS = {"x", "y", "z"};
    private static final String[] APPS = {"a", "b", "c"};
    private static final String[] PORT_NAMES = {"http", "dns"};
    private static final List<String> CIDRS = List.of("10.0.0.0/8", "10.1.0.0/16", "10.1.1.0/24", "10.2.0.0/16",
            "203.0.113.0/24", "0.0.0.0/0", "fd00::/8", "fd00:1::/32");

    public static World random(long seed) {
        Random r = new Random(seed);
        List<Namespace> namespaces = new ArrayList<>();
        for (String n : NS) {
            if (r.nextInt(6) != 0) { // now and then a namespace object is missing
                namespaces.add(new Namespace(n, labels(r, "team", "env")));
            }
        }
        List<Pod> pods = new ArrayList<>();
        List<InetAddress> addrs = new ArrayList<>();
        for (int n = 0; n < NS.length; n++) {
            int count = r.nextInt(5);
            for (int i = 0; i < count; i++) {
                List<InetAddress> ips = new ArrayList<>(List.of(Ips.parse("10." + (n + 1) + "." + (i % 2 + 1) + "." + (i + 1))));
                if (r.nextInt(3) == 0) {
                    ips.add(Ips.parse("fd00:" + (n + 1) + "::" + (i + 1)));
                }
                List<NamedPort> named = new ArrayList<>();
                for (String pn : PORT_NAMES) {
                    if (r.nextBoolean()) {
                        named.add(new NamedPort(pn, PORTS.get(r.nextInt(PORTS.size())), r.nextBoolean() ? Protocol.TCP : Protocol.UDP));
                    }
                }
                pods.add(new Pod(NS[n], "p" + i, labels(r, "app", "tier"), ips, named));
                addrs.addAll(ips);
            }
        }
        Set<InetAddress> nodes = Set.of(Ips.parse("192.168.0.1"), Ips.parse("fd99::1"));
        addrs.addAll(nodes);
        addrs.addAll(List.of(Ips.parse("203.0.113.9"), Ips.parse("10.1.1.200"), Ips.parse("fd00:1::99")));
        List<NetworkPolicy> policies = new ArrayList<>();
        int count = r.nextInt(6);
        for (int i = 0; i < count; i++) {
            Set<Direction> types = EnumSet.noneOf(Direction.class);
            int t = r.nextInt(4);
            if (t == 1 || t == 3) {
                types.add(Direction.INGRESS);
            }
            if (t == 2 || t == 3) {
                types.add(Direction.EGRESS);
            }
            policies.add(NetworkPolicy.of(NS[r.nextInt(NS.length)], "np" + i, selector(r, "app", "tier"), types,
                    rules(r), rules(r)));
        }
        return new World(new PolicyInputs(policies, pods, namespaces, nodes), addrs);
    }

    private static List<Rule> rules(Random r) {
        List<Rule> rules = new ArrayList<>();
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            List<Peer> peers = new ArrayList<>();
            int np = r.nextInt(3);
            for (int j = 0; j < np; j++) {
                peers.add(peer(r));
            }
            List<PolicyPort> ports = new ArrayList<>();
            int pp = r.nextInt(3);
            for (int j = 0; j < pp; j++) {
                ports.add(port(r));
            }
            rules.add(new Rule(peers, ports));
        }
        return rules;
    }

    private static Peer peer(Random r) {
        switch (r.nextInt(4)) {
            case 0 -> {
                return new Peer.Selector(selector(r, "app", "tier"), null);
            }
            case 1 -> {
                return new Peer.Selector(null, selector(r, "team", "env"));
            }
            case 2 -> {
                return new Peer.Selector(selector(r, "app", "tier"), selector(r, "team", "env"));
            }
            default -> {
                Cidr c = Cidr.parse(CIDRS.get(r.nextInt(CIDRS.size())));
                List<Cidr> except = CIDRS.stream().map(Cidr::parse).filter(e -> c.covers(e) && !e.equals(c) && r.nextBoolean()).toList();
                return new Peer.IpBlock(c, except);
            }
        }
    }

    private static PolicyPort port(Random r) {
        Protocol proto = Protocol.values()[r.nextInt(3)];
        return switch (r.nextInt(4)) {
            case 0 -> PolicyPort.any(proto);
            case 1 -> PolicyPort.number(proto, PORTS.get(r.nextInt(PORTS.size())));
            case 2 -> PolicyPort.range(proto, 53 + r.nextInt(28), 81 + r.nextInt(10));
            default -> PolicyPort.named(proto, PORT_NAMES[r.nextInt(PORT_NAMES.length)]);
        };
    }

    private static Map<String, String> labels(Random r, String k1, String k2) {
        Map<String, String> m = new HashMap<>();
        if (r.nextInt(4) != 0) {
            m.put(k1, APPS[r.nextInt(APPS.length)]);
        }
        if (r.nextBoolean()) {
            m.put(k2, APPS[r.nextInt(APPS.length)]);
        }
        return m;
    }

    private static LabelSelector selector(Random r, String k1, String k2) {
        if (r.nextInt(3) == 0) {
            return LabelSelector.EVERYTHING;
        }
        Map<String, String> match = new HashMap<>();
        if (r.nextBoolean()) {
            match.put(k1, APPS[r.nextInt(APPS.length)]);
        }
        List<Requirement> exprs = new ArrayList<>();
        if (r.nextBoolean()) {
            Requirement.Operator op = Requirement.Operator.values()[r.nextInt(4)];
            String key = r.nextBoolean() ? k1 : k2;
            List<String> values = op == Requirement.Operator.IN || op == Requirement.Operator.NOT_IN
                    ? List.of(APPS[r.nextInt(APPS.length)], APPS[r.nextInt(APPS.length)]).stream().distinct().toList()
                    : List.of();
            exprs.add(new Requirement(key, op, values));
        }
        return new LabelSelector(match, exprs);
    }
}
