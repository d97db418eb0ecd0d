/**
 * The I/O edge of the nftables side: {@link io.strait.netpol.apply.NftProgrammer} hands the
 * compiler's scripts to {@code nft -f -} (through a small {@link io.strait.netpol.apply.NftProgrammer.Runner}
 * seam), incrementally when it can, and remembers what the kernel holds. Owned by one control
 * thread; not thread-safe.
 */
package io.strait.netpol.apply;
