/** {@code strait demo}: loopback backends and a bundled Service served in standalone mode. */
package io.strait.daemon.demo;
