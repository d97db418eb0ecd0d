package io.strait.allocator.k8s;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/** The metallb.io kinds the allocator watches, as contexts for {@code genericKubernetesResources}. */
public final class MetalLbKinds {
    private MetalLbKinds() {}

    public static final List<ResourceDefinitionContext> ALL = List.of(
            context("v1beta1", "IPAddressPool", "ipaddresspools"),
            context("v1beta1", "L2Advertisement", "l2advertisements"),
            context("v1beta1", "BGPAdvertisement", "bgpadvertisements"),
            context("v1beta2", "BGPPeer", "bgppeers"),
            context("v1beta1", "Community", "communities"));

    public static ResourceDefinitionContext context(String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("metallb.io").withVersion(version)
                .withKind(kind).withPlural(plural).withNamespaced(true).build();
    }
}
