package io.strait.ingress.server;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.Mapping;
import io.strait.ingress.api.TlsSecretObject;
import io.strait.ingress.route.HostPattern;
import io.strait.ingress.route.ObjectRef;
import io.strait.ingress.route.RouteTable;
import io.strait.ingress.route.TlsBinding;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate for an SNI name, from the current table's TLS bindings of one listener port:
 * the exact host first, then the longest wildcard, then a binding for every host; with no SNI
 * (or no match) the first binding in that order. Each new table is indexed once, at the first
 * handshake after it is published, so a changed Secret applies to new connections without a
 * restart; SslContexts of unchanged Secrets are reused. Thread-safe (index swapped under a lock,
 * read through a volatile).
 */
final class SniCertificates implements Mapping<String, SslContext> {
    private static final Logger log = LoggerFactory.getLogger(SniCertificates.class);

    private record Entry(HostPattern host, SslContext context) {}

    private record Index(RouteTable table, List<Entry> entries) {}

    private record Built(byte[] cert, byte[] key, SslContext context) {}

    private final Supplier<RouteTable> tables;
    private final int port;
    private final Map<ObjectRef, Built> contexts = new HashMap<>();
    private volatile Index index = new Index(null, List.of());

    SniCertificates(Supplier<RouteTable> tables, int port) {
        this.tables = tables;
        this.port = port;
    }

    @Override
    public SslContext map(String sni) {
        RouteTable table = tables.get();
        Index i = index;
        if (i.table() != table) {
            i = reindex(table);
        }
        String host = sni == null ? null : sni.toLowerCase(Locale.ROOT);
        for (Entry e : i.entries()) {
            if (host != null && e.host().matches(host)) {
                return e.context();
            }
        }
        return i.entries().isEmpty() ? null : i.entries().getFirst().context();
    }

    private synchronized Index reindex(RouteTable table) {
        if (index.table() == table) {
            return index;
        }
        List<TlsBinding> bindings = new ArrayList<>(table.tls().stream().filter(b -> b.port() == port).toList());
        bindings.sort(Comparator.comparing((TlsBinding b) -> b.host().isAny() ? 2 : b.host().wildcard() ? 1 : 0)
                .thenComparing(b -> b.host().isAny() ? 0 : -b.host().name().length()));
        List<Entry> entries = new ArrayList<>();
        Map<ObjectRef, Built> live = new HashMap<>();
        for (TlsBinding b : bindings) {
            SslContext ctx = context(b.secret(), table.secrets().get(b.secret()), live);
            if (ctx != null) {
                entries.add(new Entry(b.host(), ctx));
            }
        }
        contexts.keySet().retainAll(live.keySet());
        Index next = new Index(table, List.copyOf(entries));
        index = next;
        return next;
    }

    private SslContext context(ObjectRef ref, TlsSecretObject secret, Map<ObjectRef, Built> live) {
        Built old = contexts.get(ref);
        byte[] cert = secret.certificatePem();
        byte[] key = secret.keyPem();
        if (old != null && Arrays.equals(old.cert(), cert) && Arrays.equals(old.key(), key)) {
            live.put(ref, old);
            return old.context();
        }
        try {
            SslContext ctx = SslContextBuilder.forServer(new ByteArrayInputStream(cert), new ByteArrayInputStream(key))
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                    .build();
            Built b = new Built(cert, key, ctx);
            contexts.put(ref, b);
            live.put(ref, b);
            return ctx;
        } catch (Exception | Error e) {
            log.warn("{}: tls.crt/tls.key unusable (a PEM certificate chain and a PKCS#8 key are required): {}",
                    ref, e.toString());
            return null;
        }
    }
}
