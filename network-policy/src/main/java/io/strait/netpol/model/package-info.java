/**
 * The {@code networking.k8s.io/v1 NetworkPolicy} model as plain, immutable records, with the
 * defaults of the API already applied: label selectors ({@link io.strait.netpol.model.LabelSelector}),
 * peers, ports, rules, policies, and the pods and namespaces they select. JDK only; every type
 * here is immutable and safe to share between threads.
 */
package io.strait.netpol.model;
