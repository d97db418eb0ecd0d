/** Model tests: selectors, CIDRs, IP literals. */
package io.strait.netpol.model;
