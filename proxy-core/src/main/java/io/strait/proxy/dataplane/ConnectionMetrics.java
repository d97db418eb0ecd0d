package io.strait.proxy.dataplane;

import io.strait.proxy.model.ServicePortName;

/** Gives each Service port its {@link LatencyRecorder}; asked once per port, not per connection. */
@FunctionalInterface
public interface ConnectionMetrics {
    ConnectionMetrics NONE = port -> LatencyRecorder.NONE;

    LatencyRecorder recorder(ServicePortName port);
}
