package io.strait.ingress.route;

import java.util.List;
import java.util.Objects;

/**
 * The conditions of one object, as the Gateway API places them: for an HTTPRoute one entry per
 * parent Gateway ({@code status.parents[]}, {@code parent} set); for a Gateway or GatewayClass one
 * entry with {@code parent} null; for a Gateway listener {@code section} names it.
 */
public record RouteStatus(ObjectRef object, ObjectRef parent, String section, List<Condition> conditions) {
    public RouteStatus {
        Objects.requireNonNull(object, "object");
        conditions = List.copyOf(conditions);
    }

    /** The condition of this type, or null. */
    public Condition condition(String type) {
        for (Condition c : conditions) {
            if (c.type().equals(type)) {
                return c;
            }
        }
        return null;
    }
}
