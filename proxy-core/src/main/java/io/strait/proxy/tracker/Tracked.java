package io.strait.proxy.tracker;

import io.strait.proxy.k8s.InvalidObjectException;
import io.strait.proxy.k8s.Translation;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a tracker holds for one object: its translation, a deliberate ignore (headless, ExternalName,
 * another proxy's Service, an FQDN slice) with the reason, or a validation problem naming the
 * object and field. A value: two outcomes are equal when they would program the same thing.
 */
public sealed interface Tracked<V> {
    record Accepted<V>(V value) implements Tracked<V> {
        public Accepted {
            Objects.requireNonNull(value, "value");
        }
    }

    record Ignored<V>(String reason) implements Tracked<V> {}

    record Invalid<V>(String problem) implements Tracked<V> {}

    /** Runs a translation, turning an {@link InvalidObjectException} into {@link Invalid}. */
    static <V> Tracked<V> of(Supplier<Translation<V>> translate) {
        try {
            return switch (translate.get()) {
                case Translation.Accepted<V> a -> new Accepted<>(a.value());
                case Translation.Ignored<V> i -> new Ignored<>(i.reason());
            };
        } catch (InvalidObjectException e) {
            return new Invalid<>(e.getMessage());
        }
    }
}
