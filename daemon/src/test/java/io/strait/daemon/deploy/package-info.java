/** Tests of the repository's deploy/ folder: manifests, RBAC, dashboard, read as the cluster would. */
package io.strait.daemon.deploy;
