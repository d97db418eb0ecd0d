/**
 * Standalone mode: Kubernetes manifests read from a folder (and re-read when they change) feed
 * the same sync loop as the Kubernetes informers do. The folder is read on the sync thread.
 */
package io.strait.daemon.standalone;
