/** Test fixtures shared by the network-policy tests. */
package io.strait.netpol;
