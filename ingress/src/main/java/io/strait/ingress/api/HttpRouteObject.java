package io.strait.ingress.api;

import java.util.List;
import java.util.Objects;

/** A {@code gateway.networking.k8s.io/v1 HTTPRoute}. */
public record HttpRouteObject(Meta meta, List<ParentRef> parentRefs, List<String> hostnames, List<Rule> rules) {
    public HttpRouteObject {
        Objects.requireNonNull(meta, "meta");
        parentRefs = parentRefs == null ? List.of() : List.copyOf(parentRefs);
        hostnames = hostnames == null ? List.of() : List.copyOf(hostnames);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /**
     * {@code spec.parentRefs[]}: a Gateway; namespace null means the route's own, sectionName
     * null every listener, port 0 every port.
     */
    public record ParentRef(String namespace, String name, String sectionName, int port) {
        /** A Gateway in the route's namespace, every listener. */
        public static ParentRef gateway(String name) {
            return new ParentRef(null, name, null, 0);
        }
    }

    /** {@code spec.rules[]}: no matches means one match of PathPrefix "/". */
    public record Rule(List<Match> matches, List<Filter> filters, List<BackendRef> backendRefs) {
        public Rule {
            matches = matches == null ? List.of() : List.copyOf(matches);
            filters = filters == null ? List.of() : List.copyOf(filters);
            backendRefs = backendRefs == null ? List.of() : List.copyOf(backendRefs);
        }
    }

    /**
     * {@code matches[]}: pathType Exact, PathPrefix (default) or RegularExpression; pathValue
     * defaults to "/"; method null matches every method.
     */
    public record Match(String pathType, String pathValue, List<ValueMatch> headers,
                        List<ValueMatch> queryParams, String method) {
        public Match {
            headers = headers == null ? List.of() : List.copyOf(headers);
            queryParams = queryParams == null ? List.of() : List.copyOf(queryParams);
        }
    }

    /** A header or query parameter match: type Exact (default) or RegularExpression. */
    public record ValueMatch(String type, String name, String value) {
        public static ValueMatch exact(String name, String value) {
            return new ValueMatch("Exact", name, value);
        }
    }

    /** {@code filters[]}: type names which of the two is set (others are reported unsupported). */
    public record Filter(String type, HeaderModifier requestHeaderModifier, Redirect requestRedirect) {}

    /** {@code requestHeaderModifier}: set and add are name/value lists, remove a list of names. */
    public record HeaderModifier(List<NameValue> set, List<NameValue> add, List<String> remove) {
        public HeaderModifier {
            set = set == null ? List.of() : List.copyOf(set);
            add = add == null ? List.of() : List.copyOf(add);
            remove = remove == null ? List.of() : List.copyOf(remove);
        }
    }

    /** A header name and value. */
    public record NameValue(String name, String value) {}

    /**
     * {@code requestRedirect}: null fields keep the request's value; statusCode 0 means 302;
     * pathType ReplaceFullPath or ReplacePrefixMatch, or null for no path change.
     */
    public record Redirect(String scheme, String hostname, int port, int statusCode, String pathType,
                           String pathValue) {}

    /**
     * {@code backendRefs[]}: group "" and kind Service by default; namespace null means the
     * route's own; weight null means 1.
     */
    public record BackendRef(String group, String kind, String namespace, String name, int port, Integer weight) {
        /** A Service in the route's namespace. */
        public static BackendRef service(String name, int port, Integer weight) {
            return new BackendRef("", "Service", null, name, port, weight);
        }
    }
}
