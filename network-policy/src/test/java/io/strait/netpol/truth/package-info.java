/**
 * The truth-table harness: 3 namespaces × 3 pods on a CNI bridge inside a node network
 * namespace, the compiled nftables table loaded there, every pair probed on TCP/UDP 80/81, the
 * observed matrix compared with the engine's and with the expectations ported from the upstream
 * {@code test/e2e/network/netpol} suite.
 */
package io.strait.netpol.truth;
