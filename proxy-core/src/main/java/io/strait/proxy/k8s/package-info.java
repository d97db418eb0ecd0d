/**
 * Translation of Kubernetes objects (fabric8 model classes) into the proxy's model, with
 * validation that names the object and field at fault. The only place in proxy-core that sees
 * fabric8 types; used by both the Kubernetes (informer) and the standalone (folder) sources.
 * Stateless and thread-safe.
 */
package io.strait.proxy.k8s;
