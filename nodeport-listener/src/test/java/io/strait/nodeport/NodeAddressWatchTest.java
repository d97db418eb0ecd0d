package io.strait.nodeport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NodeAddressWatchTest {
    static final InetAddress A = InetAddress.ofLiteral("10.0.0.1");
    static final InetAddress B = InetAddress.ofLiteral("10.0.0.2");

    @Test
    void reportsOnlyRealChangesAndSurvivesFailures() {
        AtomicReference<List<InetAddress>> now = new AtomicReference<>(List.of(A));
        List<List<InetAddress>> seen = new ArrayList<>();
        NodeAddressWatch w = new NodeAddressWatch(List.of(A), () -> {
            if (now.get() == null) {
                throw new IllegalStateException("no interfaces");
            }
            return now.get();
        }, seen::add);
        assertThat(w.check()).isFalse();
        now.set(List.of(B, A));
        assertThat(w.check()).isTrue();
        now.set(List.of(A, B)); // same set, other order
        assertThat(w.check()).isFalse();
        now.set(null);
        assertThat(w.check()).isFalse();
        assertThat(w.current()).containsExactly(B, A);
        now.set(List.of(B));
        assertThat(w.check()).isTrue();
        assertThat(seen).containsExactly(List.of(B, A), List.of(B));
    }
}
