/**
 * The verdict engine. {@link io.strait.netpol.engine.PolicySnapshot#build} turns a policy set,
 * pods, namespaces and the trusted node addresses into an immutable snapshot with per-pod,
 * per-direction guards precomputed ({@link io.strait.netpol.engine.Selection} holds the selector
 * evaluation it shares with the nftables compiler); {@link io.strait.netpol.engine.PolicySnapshot#check}
 * answers one connection with a {@link io.strait.netpol.engine.Verdict} naming the policies that
 * allowed or isolated it. Snapshots are immutable and safe to read from any thread without locks:
 * publish a new one through a volatile field (or {@link io.strait.netpol.engine.PolicyHolder}).
 */
package io.strait.netpol.engine;
