package io.strait.daemon.loadbalancer;

import io.strait.allocator.speaker.LoadBalancerSettings;
import picocli.CommandLine.Option;

/** {@code strait proxy} flags of LoadBalancer allocation and announcement (Kubernetes mode). */
public final class AllocatorFlags {
    @Option(names = "--allocate-load-balancers", defaultValue = "false",
            description = "Allocate LoadBalancer IPs from metallb.io IPAddressPools and write Service status "
                    + "(one elected leader per cluster) (default: ${DEFAULT-VALUE}).")
    boolean enabled;

    @Option(names = "--announce-load-balancers", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "Announce the LoadBalancer IPs in Services' status.loadBalancer.ingress that lie in a "
                    + "metallb.io IPAddressPool, by ARP (L2Advertisement) and BGP (BGPPeer, BGPAdvertisement), "
                    + "from every node (default: as --allocate-load-balancers).")
    Boolean announce;

    @Option(names = "--ignore-exclude-lb", defaultValue = "false",
            description = "Announce from Nodes labelled node.kubernetes.io/exclude-from-external-load-balancers too "
                    + "(kubeadm labels control-plane nodes so; MetalLB's flag of the same name) "
                    + "(default: ${DEFAULT-VALUE}).")
    boolean ignoreExcludeLb;

    @Option(names = "--leader-election-namespace", paramLabel = "NS", defaultValue = "kube-system",
            description = "Namespace of the allocator's Lease (default: ${DEFAULT-VALUE}).")
    String leaseNamespace;

    @Option(names = "--leader-election-lease", paramLabel = "NAME", defaultValue = "strait-allocator",
            description = "Name of the allocator's coordination.k8s.io Lease (default: ${DEFAULT-VALUE}).")
    String leaseName;

    /** Whether this process campaigns for the allocator's Lease and allocates while it leads. */
    public boolean allocate() {
        return enabled;
    }

    /** Whether this node announces: {@code --announce-load-balancers} if given, else {@link #allocate()}. */
    public boolean announce() {
        return announce != null ? announce : enabled;
    }

    /** Whether Nodes labelled to be excluded from external load balancers may announce all the same. */
    public boolean ignoreExcludeLb() {
        return ignoreExcludeLb;
    }

    public String leaseNamespace() {
        return leaseNamespace;
    }

    public String leaseName() {
        return leaseName;
    }

    /** The settings these flags give. */
    public LoadBalancerSettings settings() {
        return new LoadBalancerSettings(allocate(), announce(), ignoreExcludeLb, leaseNamespace, leaseName);
    }
}
