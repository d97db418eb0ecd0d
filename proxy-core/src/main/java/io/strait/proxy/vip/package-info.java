/**
 * Service VIPs on the node: ClusterIPs, external IPs and LoadBalancer IPs must be local addresses
 * before listeners can bind them. A {@link io.strait.proxy.vip.VipManager} takes the whole desired
 * set and reconciles: {@link io.strait.proxy.vip.DeviceVips} puts /32 (/128) addresses on a VIP
 * device (a {@code dummy} link, else a port-less {@code bridge}); {@link io.strait.proxy.vip.AnyIpVips}
 * routes whole Service CIDRs (and the odd external address) as local on {@code lo}. Changes are
 * made with batched {@code ip -batch -} commands. Managers are called from the sync thread only;
 * their methods are synchronized.
 */
package io.strait.proxy.vip;
