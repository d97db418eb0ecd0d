package io.strait.proxy.vip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes kernel parameters: to /proc/sys directly, or with {@code sysctl -w} behind a prefix (another namespace). */
@FunctionalInterface
public interface Sysctls {
    /** Sets key (dotted, e.g. {@code net.ipv4.conf.all.arp_ignore}) to value; returns an error message or null. */
    String write(String key, String value);

    /** This process's own network namespace, through /proc/sys. */
    static Sysctls proc() {
        return (key, value) -> {
            Path p = Path.of("/proc/sys", key.split("\\."));
            try {
                Files.writeString(p, value);
                return null;
            } catch (IOException e) {
                return "cannot write " + value + " to " + p + ": " + e.getMessage();
            }
        };
    }

    /** {@code PREFIX... sysctl -w key=value}, e.g. with prefix {@code ip netns exec NAME}. */
    static Sysctls command(List<String> prefix) {
        return (key, value) -> {
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(List.of("sysctl", "-q", "-w", key + "=" + value));
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).strip();
                return p.waitFor() == 0 ? null : String.join(" ", cmd) + ": " + out;
            } catch (IOException e) {
                return "cannot run " + String.join(" ", cmd) + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return String.join(" ", cmd) + ": interrupted";
            }
        };
    }

    /** arp_ignore=1 and arp_announce=2 on all interfaces, so VIPs are not answered for or announced by ARP. */
    static List<String> quietArp(Sysctls sysctls) {
        List<String> problems = new ArrayList<>();
        for (String[] kv : new String[][] {{"net.ipv4.conf.all.arp_ignore", "1"}, {"net.ipv4.conf.all.arp_announce", "2"}}) {
            String error = sysctls.write(kv[0], kv[1]);
            if (error != null) {
                problems.add(kv[0] + "=" + kv[1] + ": " + error);
            }
        }
        return problems;
    }
}
