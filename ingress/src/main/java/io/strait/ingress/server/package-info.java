/**
 * The HTTP/1.1 router on Netty. Per request one volatile load takes the current
 * {@link io.strait.ingress.route.RouteTable}, a {@link io.strait.ingress.route.Decision} is made
 * from it, and the request is streamed to an endpoint chosen by the backend's balancer, over a
 * keep-alive connection from a per-event-loop pool (connects retried on the next endpoint). Each
 * client connection's state lives on its event loop (the backend channel is registered on the same
 * loop), so handlers need no locks; backpressure toggles AUTO_READ on the opposite side.
 */
package io.strait.ingress.server;
