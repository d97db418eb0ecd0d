/** Adapter tests: translation, validation messages, last-good semantics. */
package io.strait.netpol.k8s;
