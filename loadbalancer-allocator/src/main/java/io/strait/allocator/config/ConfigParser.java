package io.strait.allocator.config;

import io.strait.proxy.model.Cidr;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one pure parse of the allocator's configuration, after MetalLB {@code internal/config}:
 * {@code config = parse(objects)}. Every problem is collected (object and field named) and the
 * whole configuration is rejected if there is any, so a half-valid set never replaces the last
 * good one (see {@link ConfigState}). Objects of other apiVersions/kinds are skipped.
 */
public final class ConfigParser {
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s)");

    private static final String SERVICE_SELECTORS = "the advertisement would apply to every Service of its pools";

    private ConfigParser() {}

    public static Config parse(List<RawObject> objects) throws ConfigException {
        List<String> problems = new ArrayList<>();
        Map<String, Pool> pools = new LinkedHashMap<>();
        List<RawObject> l2 = new ArrayList<>();
        List<RawObject> bgpAdv = new ArrayList<>();
        List<BgpPeer> peers = new ArrayList<>();
        Map<String, Community> aliases = new LinkedHashMap<>();
        List<RawObject> sorted = new ArrayList<>(objects);
        sorted.sort(Comparator.comparing(RawObject::ref));
        for (RawObject o : sorted) {
            String type = o.apiVersion() + "/" + o.kind();
            switch (type) {
                case "metallb.io/v1beta1/IPAddressPool" -> {
                    Pool p = pool(o, problems);
                    if (pools.putIfAbsent(o.name(), p) != null) {
                        problems.add(o.ref() + ": metadata.name: another IPAddressPool has the same name");
                    }
                }
                case "metallb.io/v1beta1/L2Advertisement" -> l2.add(o);
                case "metallb.io/v1beta1/BGPAdvertisement" -> bgpAdv.add(o);
                case "metallb.io/v1beta2/BGPPeer" -> peers.add(peer(o, problems));
                case "metallb.io/v1beta1/Community" -> communities(o, aliases, problems);
                default -> { }
            }
        }
        overlaps(pools, problems);
        List<L2Advertisement> l2s = l2.stream().map(o -> l2(o, pools.keySet(), problems)).toList();
        List<BgpAdvertisement> bgps = bgpAdv.stream().map(o -> bgpAdvertisement(o, pools.keySet(), aliases, problems)).toList();
        for (int i = 0; i < bgps.size(); i++) {
            aggregationFits(bgpAdv.get(i), bgps.get(i), pools.values(), problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Config(pools, l2s, bgps, peers);
    }

    static Pool pool(RawObject o, List<String> problems) {
        Fields f = new Fields(o, problems);
        Map<String, Object> s = o.spec();
        List<AddressRange> ranges = new ArrayList<>();
        List<String> addresses = f.strings(s, "addresses", "spec.addresses");
        if (addresses.isEmpty()) {
            f.problem("spec.addresses", "must list at least one CIDR or range");
        }
        for (int i = 0; i < addresses.size(); i++) {
            try {
                ranges.add(range(addresses.get(i)));
            } catch (IllegalArgumentException e) {
                f.problem("spec.addresses[" + i + "]", e.getMessage());
            }
        }
        Map<String, Object> sa = f.object(s, "serviceAllocation", "spec.serviceAllocation");
        f.onlyKnown(s, "spec.", Set.of("addresses", "autoAssign", "avoidBuggyIPs", "serviceAllocation"), Map.of());
        f.onlyKnown(sa, "spec.serviceAllocation.", Set.of("priority", "namespaces", "namespaceSelectors",
                "serviceSelectors"), Map.of());
        int priority = (int) f.number(sa, "priority", "spec.serviceAllocation.priority", Integer.MAX_VALUE, 0, Integer.MAX_VALUE);
        return new Pool(o.name(), ranges, f.bool(s, "autoAssign", "spec.autoAssign", true),
                f.bool(s, "avoidBuggyIPs", "spec.avoidBuggyIPs", false), priority,
                new HashSet<>(f.strings(sa, "namespaces", "spec.serviceAllocation.namespaces")),
                f.selectors(sa, "namespaceSelectors", "spec.serviceAllocation.namespaceSelectors"),
                f.selectors(sa, "serviceSelectors", "spec.serviceAllocation.serviceSelectors"), o.labels());
    }

    /** Parses {@code 10.0.0.0/24} or {@code 10.0.0.5-10.0.0.9} (IPv4 or IPv6). */
    public static AddressRange range(String text) {
        int dash = text.indexOf('-');
        if (dash < 0) {
            Cidr c;
            try {
                c = Cidr.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + text + "\" is not a CIDR or an a-b range");
            }
            boolean v6 = c.network().getAddress().length == 16;
            int bits = v6 ? 128 : 32;
            BigInteger net = AddressRange.toNumber(c.network());
            BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - c.prefixLength()).subtract(BigInteger.ONE);
            BigInteger first = net.andNot(hostMask);
            return new AddressRange(first, first.or(hostMask), v6);
        }
        InetAddress a;
        InetAddress b;
        try {
            a = Cidr.parseIp(text.substring(0, dash));
            b = Cidr.parseIp(text.substring(dash + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a CIDR or an a-b range");
        }
        if (a.getAddress().length != b.getAddress().length) {
            throw new IllegalArgumentException("\"" + text + "\" mixes IPv4 and IPv6");
        }
        BigInteger first = AddressRange.toNumber(a);
        BigInteger last = AddressRange.toNumber(b);
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException("\"" + text + "\" starts after it ends");
        }
        return new AddressRange(first, last, a.getAddress().length == 16);
    }

    private static void overlaps(Map<String, Pool> pools, List<String> problems) {
        List<Pool> list = new ArrayList<>(pools.values());
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                for (AddressRange a : list.get(i).ranges()) {
                    for (AddressRange b : list.get(j).ranges()) {
                        if (a.overlaps(b)) {
                            problems.add("IPAddressPool " + list.get(j).name() + ": spec.addresses: " + b
                                    + " overlaps " + a + " of IPAddressPool " + list.get(i).name());
                        }
                    }
                }
            }
        }
    }

    private static List<String> poolRefs(Fields f, Map<String, Object> s, Set<String> known) {
        List<String> names = f.strings(s, "ipAddressPools", "spec.ipAddressPools");
        for (int i = 0; i < names.size(); i++) {
            if (!known.contains(names.get(i))) {
                f.problem("spec.ipAddressPools[" + i + "]", "no IPAddressPool named \"" + names.get(i) + "\"");
            }
        }
        return names;
    }

    static L2Advertisement l2(RawObject o, Set<String> known, List<String> problems) {
        Fields f = new Fields(o, problems);
        Map<String, Object> s = o.spec();
        f.onlyKnown(s, "spec.", Set.of("ipAddressPools", "ipAddressPoolSelectors", "nodeSelectors", "interfaces"),
                Map.of("serviceSelectors", SERVICE_SELECTORS, "preferredNodeSelectors",
                        "Strait picks the announcing node by a hash over the eligible nodes"));
        return new L2Advertisement(o.name(), poolRefs(f, s, known),
                f.selectors(s, "ipAddressPoolSelectors", "spec.ipAddressPoolSelectors"),
                f.selectors(s, "nodeSelectors", "spec.nodeSelectors"), f.strings(s, "interfaces", "spec.interfaces"));
    }

    static BgpAdvertisement bgpAdvertisement(RawObject o, Set<String> known, Map<String, Community> aliases,
                                             List<String> problems) {
        Fields f = new Fields(o, problems);
        Map<String, Object> s = o.spec();
        f.onlyKnown(s, "spec.", Set.of("aggregationLength", "aggregationLengthV6", "localPref", "communities",
                "ipAddressPools", "ipAddressPoolSelectors", "peers", "nodeSelectors"),
                Map.of("serviceSelectors", SERVICE_SELECTORS));
        List<Community> communities = new ArrayList<>();
        List<String> cs = f.strings(s, "communities", "spec.communities");
        for (int i = 0; i < cs.size(); i++) {
            Community alias = aliases.get(cs.get(i));
            try {
                communities.add(alias != null ? alias : Community.parse(cs.get(i)));
            } catch (IllegalArgumentException e) {
                f.problem("spec.communities[" + i + "]", e.getMessage() + " and no Community object defines it"
                        + " as an alias");
            }
        }
        return new BgpAdvertisement(o.name(),
                (int) f.number(s, "aggregationLength", "spec.aggregationLength", 32, 0, 32),
                (int) f.number(s, "aggregationLengthV6", "spec.aggregationLengthV6", 128, 0, 128),
                f.number(s, "localPref", "spec.localPref", 0, 0, 0xffff_ffffL), communities, poolRefs(f, s, known),
                f.selectors(s, "ipAddressPoolSelectors", "spec.ipAddressPoolSelectors"),
                f.strings(s, "peers", "spec.peers"), f.selectors(s, "nodeSelectors", "spec.nodeSelectors"));
    }

    /**
     * MetalLB's check: an aggregate must not be wider than the blocks a pool's addresses come in,
     * or the route would draw traffic for addresses outside the pool (a /24 aggregate of a /28 pool).
     * For each address entry the widest CIDR block of its decomposition is the limit.
     */
    private static void aggregationFits(RawObject o, BgpAdvertisement adv, java.util.Collection<Pool> pools,
                                        List<String> problems) {
        for (Pool pool : pools) {
            if (!adv.covers(pool)) {
                continue;
            }
            for (AddressRange r : pool.ranges()) {
                int length = r.ipv6() ? adv.aggregationLengthV6() : adv.aggregationLength();
                int widest = widestBlock(r);
                if (length < widest) {
                    problems.add(o.ref() + ": spec." + (r.ipv6() ? "aggregationLengthV6" : "aggregationLength") + ": "
                            + length + " is shorter than /" + widest + ", the widest block of " + r
                            + " in IPAddressPool " + pool.name() + " (the aggregate would announce addresses"
                            + " outside the pool)");
                }
            }
        }
    }

    /** The shortest prefix length among the CIDR blocks that exactly make up the range. */
    static int widestBlock(AddressRange r) {
        int bits = r.ipv6() ? 128 : 32;
        int widest = bits;
        BigInteger start = r.first();
        while (start.compareTo(r.last()) <= 0) {
            int size = start.signum() == 0 ? bits : start.getLowestSetBit();   // alignment of start, in bits
            while (size > 0 && start.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE)
                    .compareTo(r.last()) > 0) {
                size--;
            }
            widest = Math.min(widest, bits - size);
            start = start.add(BigInteger.ONE.shiftLeft(size));
        }
        return widest;
    }

    /**
     * {@code metallb.io/v1beta1 Community}: named community values that BGPAdvertisements may use
     * in {@code spec.communities} instead of the value. A name defined twice is an error.
     */
    static void communities(RawObject o, Map<String, Community> aliases, List<String> problems) {
        Fields f = new Fields(o, problems);
        f.onlyKnown(o.spec(), "spec.", Set.of("communities"), Map.of());
        List<Object> list = f.list(o.spec(), "communities", "spec.communities");
        for (int i = 0; i < list.size(); i++) {
            String at = "spec.communities[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                f.problem(at, "expected an object with name and value, got " + list.get(i));
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) m;
            f.onlyKnown(entry, at + ".", Set.of("name", "value"), Map.of());
            String name = f.string(entry, "name", at + ".name");
            String value = f.string(entry, "value", at + ".value");
            if (name == null || name.isBlank() || value == null) {
                f.problem(at, "needs both name and value");
                continue;
            }
            try {
                if (aliases.putIfAbsent(name, Community.parse(value)) != null) {
                    f.problem(at + ".name", "the community alias \"" + name + "\" is defined twice");
                }
            } catch (IllegalArgumentException e) {
                f.problem(at + ".value", e.getMessage());
            }
        }
    }

    static BgpPeer peer(RawObject o, List<String> problems) {
        Fields f = new Fields(o, problems);
        Map<String, Object> s = o.spec();
        Map<String, String> hints = new java.util.HashMap<>();
        for (String frrOnly : List.of("bfdProfile", "vrf", "connectTime", "enableGracefulRestart", "disableMP",
                "dynamicASN", "interface", "dualStackAddressFamily")) {
            hints.put(frrOnly, "MetalLB's own native BGP mode refuses it too (it needs FRR)");
        }
        hints.put("passwordSecret", "put the password in spec.password");
        f.onlyKnown(s, "spec.", Set.of("myASN", "peerASN", "peerAddress", "sourceAddress", "peerPort", "holdTime",
                "keepaliveTime", "routerID", "password", "nodeSelectors", "ebgpMultiHop"), hints);
        long myAsn = f.number(s, "myASN", "spec.myASN", 0, 0, 0xffff_ffffL);
        long peerAsn = f.number(s, "peerASN", "spec.peerASN", 0, 0, 0xffff_ffffL);
        if (myAsn == 0) {
            f.problem("spec.myASN", "missing");
        }
        if (peerAsn == 0) {
            f.problem("spec.peerASN", "missing");
        }
        InetAddress address = ip(f, s, "peerAddress", true);
        Duration hold = duration(f, s, "holdTime", Duration.ofSeconds(90));
        Duration keepalive = duration(f, s, "keepaliveTime", hold.dividedBy(3));
        if (!hold.isZero() && hold.compareTo(Duration.ofSeconds(3)) < 0) {
            f.problem("spec.holdTime", "must be 0 or at least 3s (RFC 4271 §4.2)");
        }
        if (keepalive.compareTo(hold) > 0) {
            f.problem("spec.keepaliveTime", "must not exceed spec.holdTime");
        }
        InetAddress routerId = ip(f, s, "routerID", false);
        if (routerId != null && !(routerId instanceof java.net.Inet4Address)) {
            f.problem("spec.routerID", "\"" + routerId.getHostAddress()
                    + "\" is not an IPv4 address (a BGP Identifier is four octets); leave it unset to derive one per node");
        } else if (routerId != null && routerId.isAnyLocalAddress()) {
            f.problem("spec.routerID", "0.0.0.0 is not a valid BGP Identifier (RFC 6286 §2.1)");
        }
        return new BgpPeer(o.namespace(), o.name(), myAsn, peerAsn, address,
                (int) f.number(s, "peerPort", "spec.peerPort", 179, 1, 65535), hold, keepalive,
                routerId, f.string(s, "password", "spec.password"),
                f.selectors(s, "nodeSelectors", "spec.nodeSelectors"), ip(f, s, "sourceAddress", false));
    }

    private static InetAddress ip(Fields f, Map<String, Object> s, String key, boolean required) {
        String text = f.string(s, key, "spec." + key);
        if (text == null) {
            if (required) {
                f.problem("spec." + key, "missing");
            }
            return null;
        }
        try {
            return Cidr.parseIp(text);
        } catch (IllegalArgumentException e) {
            f.problem("spec." + key, e.getMessage());
            return null;
        }
    }

    private static Duration duration(Fields f, Map<String, Object> s, String key, Duration dflt) {
        String text = f.string(s, key, "spec." + key);
        if (text == null) {
            return dflt;
        }
        Matcher m = GO_DURATION.matcher(text);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            double v = Double.parseDouble(m.group(1));
            long nanos = (long) (v * switch (m.group(2)) {
                case "h" -> 3.6e12;
                case "m" -> 6e10;
                case "s" -> 1e9;
                default -> 1e6;
            });
            d = d.plusNanos(nanos);
            end = m.end();
        }
        if (end == 0 || end != text.length()) {
            f.problem("spec." + key, "\"" + text + "\" is not a duration like 90s or 1m30s");
            return dflt;
        }
        return d;
    }
}
