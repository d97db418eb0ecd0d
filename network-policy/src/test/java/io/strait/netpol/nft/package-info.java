/** nftables compiler tests: golden scripts, incremental updates, and the nft check in a network namespace. */
package io.strait.netpol.nft;
