package io.strait.allocator.speaker;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.strait.allocator.config.Config;
import io.strait.allocator.config.Pool;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The allocator's gauges: addresses per pool (label {@code pool}, bounded) and config staleness. */
public final class AllocatorMetrics {
    private AllocatorMetrics() {}

    public static void register(PrometheusRegistry registry, Supplier<Config> config,
                                Supplier<Map<String, Integer>> inUse, BooleanSupplier stale) {
        GaugeWithCallback.builder()
                .name("strait_pool_addresses_in_use")
                .help("LoadBalancer addresses assigned from each IPAddressPool")
                .labelNames("pool")
                .callback(cb -> inUse.get().forEach((pool, n) -> cb.call(n, pool)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("strait_pool_addresses")
                .help("Addresses each IPAddressPool can hand out in all (MetalLB: addresses_total; the Prometheus client forbids _total on a gauge)")
                .labelNames("pool")
                .callback(cb -> {
                    for (Pool p : config.get().pools().values()) {
                        cb.call(p.total(), p.name());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("strait_config_stale")
                .help("1 while the newest pool/peer configuration is invalid and the last good one is used")
                .callback(cb -> cb.call(stale.getAsBoolean() ? 1 : 0))
                .register(registry);
    }
}
