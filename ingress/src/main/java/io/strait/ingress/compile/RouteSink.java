package io.strait.ingress.compile;

import io.strait.ingress.api.HttpRouteObject;
import io.strait.ingress.api.IngressObject;
import io.strait.ingress.api.RouteObjects;
import io.strait.ingress.route.ObjectRef;
import io.strait.ingress.route.Problem;
import io.strait.ingress.route.RouteTable;
import io.strait.proxy.model.ClusterState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The router's sink: takes the whole desired state (every route object and the ClusterState),
 * builds the next {@link RouteTable} and publishes it with one volatile store. Request threads read
 * {@link #table()} once per request, so a change never fails a request in flight: each request
 * completes on the table it started with.
 *
 * <p>An Ingress or HTTPRoute whose new version is invalid is reported (in {@link RouteTable#problems()},
 * by object and field) and its last good version keeps serving; one never seen valid is left out.
 * A deleted object is forgotten. {@code update} is synchronized: one control thread at a time.
 */
public final class RouteSink {
    private volatile RouteTable table = RouteTable.EMPTY;
    private final Map<ObjectRef, IngressObject> goodIngresses = new HashMap<>();
    private final Map<ObjectRef, HttpRouteObject> goodRoutes = new HashMap<>();

    /** The table now serving: one volatile load. */
    public RouteTable table() {
        return table;
    }

    /** Builds and publishes the table for this snapshot; returns it. */
    public synchronized RouteTable update(RouteObjects objects, ClusterState state) {
        List<Problem> problems = new ArrayList<>();
        List<IngressObject> ingresses = keepGood(objects.ingresses(), goodIngresses, IngressCompiler::ref,
                IngressCompiler::validate, problems);
        List<HttpRouteObject> routes = keepGood(objects.httpRoutes(), goodRoutes, HttpRouteValidator::ref,
                HttpRouteValidator::validate, problems);
        RouteObjects valid = new RouteObjects(objects.gatewayClasses(), objects.gateways(), routes,
                objects.referenceGrants(), objects.ingressClasses(), ingresses, objects.secrets());
        RouteTable next = RouteTableBuilder.build(valid, state, problems, table);
        table = next;
        return next;
    }

    private static <T> List<T> keepGood(List<T> objects, Map<ObjectRef, T> good, Function<T, ObjectRef> ref,
                                        Function<T, List<Problem>> validate, List<Problem> problems) {
        Map<ObjectRef, T> seen = new HashMap<>();
        List<T> out = new ArrayList<>();
        for (T o : objects) {
            ObjectRef r = ref.apply(o);
            List<Problem> found = validate.apply(o);
            T use = o;
            if (!found.isEmpty()) {
                problems.addAll(found);
                use = good.get(r);
            }
            if (use != null) {
                seen.put(r, use);
                out.add(use);
            }
        }
        good.clear();
        good.putAll(seen);
        return out;
    }
}
