/**
 * A reusable network test harness: {@link io.strait.daemon.netns.NetnsCluster}, a JUnit 5
 * extension that builds, as root, a small cluster out of Linux network namespaces — an underlay
 * bridge, "nodes" each running Strait standalone as a child process, "pods" attached to their
 * node by the real CNI reference plugins, and "external clients" — and tears all of it down
 * whatever happens. Lives in daemon's tests because the nodes run {@code io.strait.daemon.Main}
 * from the test classpath (no shaded jar needed). Not thread-safe: one test class drives one
 * cluster from one thread.
 */
package io.strait.daemon.netns;
