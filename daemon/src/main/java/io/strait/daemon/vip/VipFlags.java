package io.strait.daemon.vip;

import io.strait.proxy.model.Cidr;
import io.strait.proxy.vip.AnyIpVips;
import io.strait.proxy.vip.DeviceVips;
import io.strait.proxy.vip.IpTool;
import io.strait.proxy.vip.Sysctls;
import io.strait.proxy.vip.VipManager;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** VIP flags shared by the proxy commands. */
public final class VipFlags {
    @Option(names = "--vip-mode", paramLabel = "device|anyip|none",
            description = "How ClusterIPs, external IPs and LoadBalancer IPs become local addresses: device "
                    + "(/32s on --vip-interface), anyip (a local route per --service-cidr on lo), or none "
                    + "(default: device for 'proxy', none for 'standalone').")
    String mode;

    @Option(names = "--vip-interface", paramLabel = "NAME", defaultValue = "strait0",
            description = "The VIP device of --vip-mode device: a dummy link, or a bridge without ports where "
                    + "the kernel has no dummy driver (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--service-cidr", paramLabel = "CIDR", split = ",",
            description = "The cluster's Service CIDR(s), routed as local on lo by --vip-mode anyip.")
    List<String> serviceCidrs = new ArrayList<>();

    /** The manager the flags ask for (defaultMode when --vip-mode is not given), or null for none. */
    public VipManager manager(String defaultMode) {
        String m = mode == null ? defaultMode : mode;
        return switch (m) {
            case "none" -> null;
            case "device" -> new DeviceVips(device, IpTool.host(), Sysctls.proc());
            case "anyip" -> {
                if (serviceCidrs.isEmpty()) {
                    throw new IllegalArgumentException("--vip-mode anyip: needs --service-cidr (the Service CIDR to route as local)");
                }
                List<Cidr> cidrs = serviceCidrs.stream().map(c -> {
                    try {
                        return Cidr.parse(c);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--service-cidr: " + e.getMessage(), e);
                    }
                }).toList();
                yield new AnyIpVips(cidrs, IpTool.host(), Sysctls.proc());
            }
            default -> throw new IllegalArgumentException("--vip-mode: unknown mode \"" + m + "\" (allowed: device, anyip, none)");
        };
    }
}
