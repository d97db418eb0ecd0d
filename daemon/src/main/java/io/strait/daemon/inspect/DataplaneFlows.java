package io.strait.daemon.inspect;

import io.strait.proxy.dataplane.Dataplane;
import java.util.List;

/**
 * ADAPTER STUB, to wire after the dataplane merge: the {@link FlowSource} of a {@link Dataplane}.
 * The dataplane is gaining {@code flows()}, its nat-table {@code FlowTable<InetSocketAddress>};
 * until that accessor exists this returns no flows, and {@code strait connections} shows an empty
 * table. Wiring: iterate the table's entries and map each to a {@link Flow} (client, frontend,
 * backend, protocol, Service port, age, bytes each way).
 */
public final class DataplaneFlows implements FlowSource {
    @SuppressWarnings("unused") // read once Dataplane.flows() exists
    private final Dataplane dataplane;

    public DataplaneFlows(Dataplane dataplane) {
        this.dataplane = dataplane;
    }

    @Override
    public List<Flow> flows() {
        return List.of(); // TODO(dataplane merge): dataplane.flows() -> Flow records
    }
}
