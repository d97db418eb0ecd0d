package io.strait.nodeport;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the node addresses NodePorts listen on by polling (no netlink): each {@link #check()}
 * re-evaluates the selection ({@code --nodeport-addresses} against the interfaces now) and, when
 * the selected set changed, hands the new list to {@code onChange} (the runtime then re-plans with
 * it: NodePort listeners and health-check node ports move). A failing selection keeps the last good
 * list. Called from one control thread.
 */
public final class NodeAddressWatch {
    /** How often the runtime polls. */
    public static final java.time.Duration PERIOD = java.time.Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(NodeAddressWatch.class);

    private final Supplier<List<InetAddress>> select;
    private final Consumer<List<InetAddress>> onChange;
    private List<InetAddress> current;

    public NodeAddressWatch(List<InetAddress> initial, Supplier<List<InetAddress>> select,
                            Consumer<List<InetAddress>> onChange) {
        this.current = List.copyOf(initial);
        this.select = select;
        this.onChange = onChange;
    }

    /** Re-evaluates the selection; true when it changed (and onChange was called). */
    public boolean check() {
        List<InetAddress> next;
        try {
            next = List.copyOf(select.get());
        } catch (RuntimeException e) {
            log.warn("cannot list the node's addresses, keeping {}: {}", current, e.getMessage());
            return false;
        }
        if (Objects.equals(new java.util.HashSet<>(next), new java.util.HashSet<>(current))) {
            return false;
        }
        log.info("NodePort addresses changed: {} -> {}", current, next);
        current = next;
        onChange.accept(next);
        return true;
    }

    public List<InetAddress> current() {
        return current;
    }
}
