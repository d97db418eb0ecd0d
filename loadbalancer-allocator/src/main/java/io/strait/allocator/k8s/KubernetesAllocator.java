package io.strait.allocator.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.strait.allocator.config.ConfigState;
import io.strait.allocator.config.RawObject;
import io.strait.allocator.ipam.Allocator;
import io.strait.allocator.ipam.LbService;
import io.strait.allocator.ipam.Outcome;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.sync.BoundedFrequencyRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes mode's allocator: informers on Services, Namespaces and the metallb.io objects only
 * record that something changed ({@link Informers}); one control thread reconciles the whole state
 * ({@code BoundedFrequencyRunner}), and only while
 * this process leads (see {@link Leadership}). Becoming leader starts from a fresh
 * {@link Allocator}, so the state is rebuilt from {@code status.loadBalancer.ingress} before any
 * new allocation; nothing is decided before every informer has synced. Failed status writes are
 * retried with back-off (100 ms doubling to 30 s). Thread-safe: state is confined to the control thread.
 */
public final class KubernetesAllocator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KubernetesAllocator.class);
    /** Failed status writes are retried after this, doubling up to {@link #MAX_RETRY}. */
    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /** The whole state is reconciled at least this often (informer resyncs are off). */
    static final Duration RESYNC = Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final ScheduledExecutorService control;
    private final Informers informers = new Informers();
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<Namespace> namespaces;
    private final List<SharedIndexInformer<GenericKubernetesResource>> metallb = new ArrayList<>();
    private final BoundedFrequencyRunner runner;
    private final ConfigState config = new ConfigState();
    private final StatusWriter writer;
    private volatile boolean leading;
    private volatile Map<ServiceName, Outcome> outcomes = Map.of();
    private volatile Map<String, Integer> inUse = Map.of();
    private Allocator allocator = new Allocator();
    private List<String> loggedProblems = List.of();

    public KubernetesAllocator(KubernetesClient client) {
        this.client = client;
        this.writer = new StatusWriter(client);
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "strait-allocator");
            t.setDaemon(true);
            return t;
        });
        this.runner = new BoundedFrequencyRunner("LoadBalancer allocation", this::reconcile, Duration.ZERO, RESYNC,
                FIRST_RETRY, MAX_RETRY, control, System::nanoTime);
        ResourceEventHandler<Object> onChange = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Object o) {
                trigger();
            }

            @Override
            public void onUpdate(Object a, Object b) {
                trigger();
            }

            @Override
            public void onDelete(Object o, boolean unknown) {
                trigger();
            }
        };
        services = client.services().inAnyNamespace().runnableInformer(0);
        namespaces = client.namespaces().runnableInformer(0);
        informers.add("Services", services, cast(onChange)).add("Namespaces", namespaces, cast(onChange));
        for (ResourceDefinitionContext kind : MetalLbKinds.ALL) {
            SharedIndexInformer<GenericKubernetesResource> informer =
                    client.genericKubernetesResources(kind).inAnyNamespace().runnableInformer(0);
            metallb.add(informer);
            informers.add(kind.getKind() + "s", informer, cast(onChange));
        }
        informers.start().thenRun(this::trigger); // changes during the initial lists are decided on after them
    }

    @SuppressWarnings("unchecked")
    private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> h) {
        return (ResourceEventHandler<T>) (ResourceEventHandler<?>) h;
    }

    /** Called by {@link Leadership}: start deciding, from a state rebuilt out of Service status. */
    public void startLeading() {
        control.execute(() -> {
            log.info("leading: allocating LoadBalancer addresses");
            allocator = new Allocator();
            leading = true;
            runner.run();
        });
    }

    /** Called by {@link Leadership}: stop writing at once. */
    public void stopLeading() {
        leading = false;
        log.info("no longer leading: LoadBalancer allocation stops");
    }

    private void trigger() {
        runner.run();
    }

    /** One decision on the whole state; false (retry with back-off) when a status write failed. Control thread. */
    private boolean reconcile() {
        if (!leading || !informers.synced()) {
            return true;
        }
        config.update(metallb.stream().flatMap(i -> i.getStore().list().stream()).map(Adapters::raw).toList());
        if (!config.problems().equals(loggedProblems)) {         // log each new set of problems once
            loggedProblems = config.problems();
            loggedProblems.forEach(p -> log.warn("{} (the last good pool configuration keeps serving)", p));
        }
        Map<String, Map<String, String>> nsLabels = new HashMap<>();
        for (Namespace ns : namespaces.getStore().list()) {
            nsLabels.put(ns.getMetadata().getName(), ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels());
        }
        Map<ServiceName, Service> byName = new HashMap<>();
        List<LbService> input = new ArrayList<>();
        for (Service s : services.getStore().list()) {
            LbService lb = Adapters.service(s);
            byName.put(lb.name(), s);
            input.add(lb);
        }
        Map<ServiceName, Outcome> result = allocator.reconcile(config.current(), input, nsLabels);
        boolean ok = true;
        for (Map.Entry<ServiceName, Outcome> e : result.entrySet()) {
            if (!leading) {
                return true;
            }
            ok &= writer.write(byName.get(e.getKey()), e.getValue());
        }
        outcomes = result;
        inUse = allocator.addressesInUse();
        return ok;
    }

    public boolean leading() {
        return leading;
    }

    /** The last decision per Service (only meaningful while leading). */
    public Map<ServiceName, Outcome> outcomes() {
        return outcomes;
    }

    public Map<String, Integer> addressesInUse() {
        return inUse;
    }

    public ConfigState config() {
        return config;
    }

    @Override
    public void close() {
        leading = false;
        runner.stop();
        informers.close();
        control.shutdownNow();
    }
}
