/**
 * Standalone mode: Kubernetes manifests read from a folder (and re-read when they change) are a
 * snapshot source, decorated by the allocator's {@code LoadBalancerStage}, for the same sync loop
 * as the Kubernetes informers. The folder is read on the sync thread.
 */
package io.strait.daemon.standalone;
