package io.strait.proxy.vip;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VIPs as /32 (/128) addresses on a device of their own (as kube-proxy's IPVS mode does with
 * {@code kube-ipvs0}): a {@code dummy} link where the kernel has that driver, else a bridge with
 * no ports (it never forwards anything; its addresses are simply local). Every global address on
 * the device that is not wanted is removed, so VIPs left by an earlier run go at the first sync.
 * Link-local addresses the kernel puts there are left alone. ARP is kept quiet about VIPs
 * (arp_ignore=1, arp_announce=2). Thread-safe (synchronized).
 */
public final class DeviceVips implements VipManager {
    private static final Logger log = LoggerFactory.getLogger(DeviceVips.class);
    private static final Pattern ADDRESS = Pattern.compile("\\sinet6?\\s+([0-9a-fA-F.:]+)/(\\d+)\\s.*?scope\\s+(\\w+)");

    private final String device;
    private final IpTool ip;
    private final Sysctls sysctls;
    private boolean prepared;

    public DeviceVips(String device, IpTool ip, Sysctls sysctls) {
        this.device = device;
        this.ip = ip;
        this.sysctls = sysctls;
    }

    @Override
    public synchronized List<String> sync(Set<InetAddress> desired) {
        List<String> problems = new ArrayList<>();
        if (!prepared) {
            String error = prepare();
            if (error != null) {
                return List.of(error);
            }
            problems.addAll(Sysctls.quietArp(sysctls));
            prepared = true;
        }
        Set<InetAddress> wanted = new TreeSet<>(IpTool.ADDRESS_ORDER);
        desired.stream().filter(VipManager::programmable).forEach(wanted::add);
        Map<InetAddress, String[]> changes = changes(wanted);
        if (changes == null) {
            prepared = false; // the device went away: create it again next time
            return List.of("VIP device " + device + " disappeared; it is created again at the next sync");
        }
        if (changes.isEmpty()) {
            return problems;
        }
        IpTool.Result batch = ip.batch(changes.values().stream().map(a -> String.join(" ", a)).toList());
        if (!batch.ok()) {
            // Find the culprits: retry what is still not as wanted one command at a time.
            Map<InetAddress, String[]> left = changes(wanted);
            for (Map.Entry<InetAddress, String[]> e : left == null ? changes.entrySet() : left.entrySet()) {
                IpTool.Result one = ip.run(e.getValue());
                if (!one.ok()) {
                    problems.add("VIP " + e.getKey().getHostAddress() + ": `" + ip.describe(e.getValue())
                            + "` failed: " + one.stderr());
                }
            }
        }
        log.info("VIPs on {}: {} changed ({} wanted)", device, changes.size(), wanted.size());
        return problems;
    }

    /** The commands that make the device hold exactly wanted, or null when the device is missing. */
    private Map<InetAddress, String[]> changes(Set<InetAddress> wanted) {
        Set<InetAddress> current = current();
        if (current == null) {
            return null;
        }
        Map<InetAddress, String[]> out = new LinkedHashMap<>();
        for (InetAddress a : current) {
            if (!wanted.contains(a)) {
                out.put(a, new String[] {"address", "del", IpTool.host(a), "dev", device});
            }
        }
        for (InetAddress a : wanted) {
            if (!current.contains(a)) {
                out.put(a, a instanceof Inet6Address
                        ? new String[] {"address", "add", IpTool.host(a), "dev", device, "nodad"}
                        : new String[] {"address", "add", IpTool.host(a), "dev", device});
            }
        }
        return out;
    }

    /** The global addresses on the device now, or null when it does not exist. */
    Set<InetAddress> current() {
        IpTool.Result r = ip.run("-o", "address", "show", "dev", device);
        if (!r.ok()) {
            return null;
        }
        Set<InetAddress> out = new TreeSet<>(IpTool.ADDRESS_ORDER);
        for (String line : r.stdout().split("\n")) {
            Matcher m = ADDRESS.matcher(line);
            if (m.find() && m.group(3).equals("global")) {
                out.add(InetAddress.ofLiteral(m.group(1)));
            }
        }
        return out;
    }

    private String prepare() {
        if (!ip.run("-o", "link", "show", "dev", device).ok()) {
            IpTool.Result dummy = ip.run("link", "add", device, "type", "dummy");
            if (dummy.ok()) {
                log.info("created VIP device {} (dummy)", device);
            } else {
                IpTool.Result bridge = ip.run("link", "add", device, "type", "bridge");
                if (!bridge.ok()) {
                    return "cannot create VIP device " + device + ": `" + ip.describe("link", "add", device, "type", "dummy")
                            + "` failed: " + dummy.stderr() + "; `" + ip.describe("link", "add", device, "type", "bridge")
                            + "` failed: " + bridge.stderr();
                }
                log.info("created VIP device {} (a bridge without ports: this kernel has no dummy driver: {})",
                        device, dummy.stderr());
            }
        }
        IpTool.Result up = ip.run("link", "set", device, "up");
        return up.ok() ? null : "cannot bring VIP device " + device + " up: `"
                + ip.describe("link", "set", device, "up") + "` failed: " + up.stderr();
    }
}
