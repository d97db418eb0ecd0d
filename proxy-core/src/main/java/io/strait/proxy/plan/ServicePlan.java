package io.strait.proxy.plan;

import io.strait.proxy.problem.Problem;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.SliceInfo;
import java.util.List;

/**
 * What the planner made of one Service, with the inputs it made it from, so the next plan can
 * reuse it untouched when neither the Service nor its slices changed (the trackers keep unchanged
 * objects identical, so the comparison is mostly identity checks). Immutable.
 *
 * @param claims   the frontends this Service asks for, before clashes with other Services are resolved
 * @param problems problems of this Service alone (clashes are found later, across Services)
 */
public record ServicePlan(ServiceInfo service, List<SliceInfo> slices, List<Claim> claims, List<Problem> problems) {
    public ServicePlan {
        slices = List.copyOf(slices);
        claims = List.copyOf(claims);
        problems = List.copyOf(problems);
    }

    /** A frontend wanted by one Service port, and the field that asks for it. */
    public record Claim(Frontend frontend, RouteSpec route, String field) {}

    boolean madeFrom(ServiceInfo svc, List<SliceInfo> sl) {
        return (service == svc || service.equals(svc)) && slices.equals(sl);
    }
}
