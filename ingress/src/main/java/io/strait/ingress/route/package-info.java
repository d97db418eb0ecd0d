/**
 * The compiled, immutable routing table the data path reads: host routers per entry point
 * (the Ingress listeners and each Gateway listener port), rules in precedence order, backends
 * with their balancers, and the status conditions computed for every object. A {@link
 * io.strait.ingress.route.RouteTable} is built on a control thread and published by one volatile
 * store; request threads read it without locks. Thread-safe (immutable; balancers are
 * lock-free).
 */
package io.strait.ingress.route;
