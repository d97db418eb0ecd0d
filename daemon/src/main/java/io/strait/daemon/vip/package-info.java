/**
 * The command-line side of VIP programming: {@code --vip-mode}, {@code --vip-interface},
 * {@code --service-cidr}, and the hook that puts a plan's VIPs on the node before the dataplane
 * binds them (on the sync thread).
 */
package io.strait.daemon.vip;
