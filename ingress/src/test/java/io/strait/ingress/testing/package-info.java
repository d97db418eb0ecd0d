/** Test fixtures: a ClusterState builder and a request view. */
package io.strait.ingress.testing;
