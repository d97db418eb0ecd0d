/**
 * Kubernetes mode ({@code strait proxy}, the DaemonSet's command): fabric8 shared informers on
 * Services, EndpointSlices and this node's Node, whose handlers only record changes into the
 * proxy-core change trackers and say that something changed; the sync pulls a snapshot from the
 * trackers ({@link io.strait.daemon.kubernetes.KubernetesSource}). The allocator's {@code LoadBalancing} adds the LoadBalancer allocator (leader only)
 * and, on every node, the {@link io.strait.allocator.speaker.LoadBalancerAnnouncer} (Nodes and
 * metallb.io objects watched, Services and slices taken from the proxy's snapshots).
 * Also the kube-proxy compatible command line and KubeProxyConfiguration file. Handlers run on
 * fabric8's informer threads; everything they touch is thread-safe.
 */
package io.strait.daemon.kubernetes;
