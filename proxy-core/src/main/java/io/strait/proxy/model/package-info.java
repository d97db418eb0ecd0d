/**
 * The proxy's own model of Services, EndpointSlices and the node: immutable records, validated
 * on the way in (see {@code io.strait.proxy.k8s}), free of Kubernetes client types so the planner
 * and the dataplane never see them. All types here are immutable and thread-safe.
 */
package io.strait.proxy.model;
