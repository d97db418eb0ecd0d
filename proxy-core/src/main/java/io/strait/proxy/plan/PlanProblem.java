package io.strait.proxy.plan;

import io.strait.proxy.model.ServiceName;

/**
 * Something the planner could not do for a Service, e.g. a port clash: the Service and field
 * to blame, and a message a user can act on. The rest of the plan still applies.
 */
public record PlanProblem(ServiceName service, String field, String message) {
    @Override
    public String toString() {
        return "Service " + service + ": " + field + ": " + message;
    }
}
