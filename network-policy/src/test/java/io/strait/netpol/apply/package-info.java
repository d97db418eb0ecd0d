/** Tests of the nft programmer: a fake runner for its decisions, real nft in a namespace for the whole path. */
package io.strait.netpol.apply;
