/**
 * The Netty dataplane: TCP and UDP frontends relaying to Service endpoints. Control threads call
 * {@link io.strait.proxy.dataplane.Dataplane#apply} with whole plans; event loops read each
 * frontend's route through one volatile field and keep per-connection state confined to the
 * connection's event loop (client and backend channels share it), so the per-connection path
 * takes no lock. Every proxied TCP connection and UDP flow is an entry of one lock-free flow table
 * (nat-table), which bounds them, gives least-connections its live counts and alone decides idle
 * expiry, driven by one periodic task; owners close on their own event loop. Established TCP
 * connections end only when their Service is deleted and its drain grace has passed
 * ({@link io.strait.proxy.dataplane.Drains}); the proxy's own descriptor exhaustion refuses new
 * connections without touching listeners, running connections or endpoint health.
 */
package io.strait.proxy.dataplane;
