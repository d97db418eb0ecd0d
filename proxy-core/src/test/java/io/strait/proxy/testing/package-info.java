/** Loopback test backends and clients shared by the modules' integration tests. */
package io.strait.proxy.testing;
