/** The proxy's own health state (kube-proxy's /healthz and /livez contract). Thread-safe. */
package io.strait.proxy.health;
