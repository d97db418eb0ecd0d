/** Kubernetes mode against k3s in a container (Testcontainers); skipped without a Docker engine. */
package io.strait.daemon.k3s;
