/**
 * The nftables compiler: {@link io.strait.netpol.nft.NftCompiler#compile} turns a snapshot's
 * {@link io.strait.netpol.engine.Selection} into an {@link io.strait.netpol.nft.NftRuleset} for the
 * one table {@code inet strait-netpol}, whose {@link io.strait.netpol.nft.NftRuleset#fullScript()}
 * replaces the table in one {@code nft -f} transaction and whose
 * {@link io.strait.netpol.nft.NftRuleset#updateFrom} gives only {@code add/delete element}
 * commands when just pods changed. Pure (text in, text out); every type is immutable.
 */
package io.strait.netpol.nft;
