package io.strait.netpol.nft;

import static io.strait.netpol.Fixtures.egress;
import static io.strait.netpol.Fixtures.ingress;
import static io.strait.netpol.Fixtures.ip;
import static io.strait.netpol.Fixtures.labels;
import static io.strait.netpol.Fixtures.ns;
import static io.strait.netpol.Fixtures.sel;

import io.strait.netpol.engine.PolicyInputs;
import io.strait.netpol.model.Cidr;
import io.strait.netpol.model.LabelSelector;
import io.strait.netpol.model.NamedPort;
import io.strait.netpol.model.NetworkPolicy;
import io.strait.netpol.model.Peer;
import io.strait.netpol.model.Pod;
import io.strait.netpol.model.PolicyPort;
import io.strait.netpol.model.Protocol;
import io.strait.netpol.model.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The cluster of the golden tests: every kind of peer and port, dual-stack pods, two named-port numberings. */
final class Scenes {
    private Scenes() {}

    static Pod pod(String ns, String name, String v4, String v6, String app, NamedPort... ports) {
        List<java.net.InetAddress> ips = new ArrayList<>(List.of(ip(v4)));
        if (v6 != null) {
            ips.add(ip(v6));
        }
        return new Pod(ns, name, labels("app", app), ips, List.of(ports));
    }

    static List<Pod> pods() {
        return List.of(
                pod("x", "web-1", "10.244.1.2", "fd00:244:1::2", "web", new NamedPort("http", 8080, Protocol.TCP)),
                pod("x", "web-2", "10.244.1.3", "fd00:244:1::3", "web", new NamedPort("http", 9090, Protocol.TCP)),
                pod("x", "client", "10.244.1.4", null, "client"),
                pod("y", "db", "10.244.2.2", "fd00:244:2::2", "db", new NamedPort("pg", 5432, Protocol.TCP)));
    }

    static List<NetworkPolicy> policies() {
        return List.of(
                ingress("x", "web-from-clients", sel("app", "web"),
                        new Rule(List.of(new Peer.Selector(sel("app", "client"), null)),
                                List.of(PolicyPort.named(Protocol.TCP, "http"), PolicyPort.number(Protocol.TCP, 443))),
                        new Rule(List.of(new Peer.IpBlock(Cidr.parse("192.0.2.0/24"), List.of(Cidr.parse("192.0.2.128/25"))),
                                new Peer.IpBlock(Cidr.parse("2001:db8::/32"), List.of())),
                                List.of(PolicyPort.range(Protocol.UDP, 1000, 1010), PolicyPort.any(Protocol.SCTP)))),
                ingress("y", "deny-all", LabelSelector.EVERYTHING),
                egress("x", "client-to-db", sel("app", "client"),
                        new Rule(List.of(new Peer.Selector(sel("app", "db"), sel("team", "y"))), List.of(PolicyPort.named(Protocol.TCP, "pg"))),
                        new Rule(List.of(new Peer.Selector(null, LabelSelector.EVERYTHING)), List.of(PolicyPort.number(Protocol.UDP, 53)))));
    }

    static PolicyInputs inputs(List<Pod> pods) {
        return new PolicyInputs(policies(), pods, List.of(ns("x", "team", "x"), ns("y", "team", "y")),
                Set.of(ip("192.168.0.10"), ip("fd00:168::10")));
    }
}
