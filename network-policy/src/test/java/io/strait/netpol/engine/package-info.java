/** Verdict engine tests: one per specification clause, and the property test against a direct model. */
package io.strait.netpol.engine;
